package dev.bindery.actors;

/**
 * The actor a turn runs for: its id, its state, its timers and reminders. Valid during the turn it is given to (a
 * method's parameter, {@link ActorLifecycle} callbacks); not thread-safe, like the turn itself.
 */
public interface ActorContext {

    /** @return the actor type's name */
    String type();

    /** @return the actor's id */
    String id();

    /** @return the actor's state: reads see this turn's writes, writes are saved when the turn succeeds */
    ActorState state();

    /** @return the actor's timers: in memory, they die with the activation */
    ActorTimers timers();

    /** @return the actor's reminders: persisted, they fire whether the actor is active or not */
    ActorReminders reminders();
}

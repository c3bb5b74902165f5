package dev.bindery.actors;

/**
 * An actor's timers: kept in memory by the activation, they call one of the actor's methods on a schedule, each call a
 * turn of its own, and die when the actor deactivates (use {@link ActorReminders} for what must survive). A timer does
 * not keep an idle actor active. Registrations and cancellations take effect when the turn succeeds.
 */
public interface ActorTimers {

    /**
     * Registers (or replaces) a timer.
     *
     * @param name the timer's name, unique per actor
     * @param schedule when it fires
     * @param callback the name of the actor method it calls
     * @param data the method's argument (JSON), or null
     */
    void register(String name, Schedule schedule, String callback, Object data);

    /** Cancels the timer; nothing when there is none of that name. */
    void cancel(String name);
}

package dev.bindery.actors;

import java.util.List;
import java.util.Optional;

/**
 * An actor's reminders: each one persisted as its own entry next to the actor's state, scheduled by the member that
 * owns the actor, and fired whether the actor is active or not, across restarts and the loss of a member. A firing is
 * a turn that calls the reminder's callback method with its data; the firing and that turn's state changes are saved
 * together, once per due time. Registrations and cancellations are saved with the turn.
 */
public interface ActorReminders {

    /**
     * Registers (or replaces) a reminder that calls the {@link ReminderOptions#DEFAULT_CALLBACK} method with
     * default options.
     */
    void register(String name, Schedule schedule, Object data);

    /**
     * Registers a reminder.
     *
     * @param name the reminder's name, unique per actor
     * @param schedule when it fires
     * @param data the callback's argument (JSON), or null
     * @param options the callback method, what to do with missed and failed firings, whether to replace one of the
     *        same name
     * @throws IllegalStateException when one of that name exists and {@code options} do not overwrite
     */
    void register(String name, Schedule schedule, Object data, ReminderOptions options);

    /** @return the reminder of that name, as saved (this turn's changes included) */
    Optional<Reminder> get(String name);

    /** @return the actor's reminders, as saved (this turn's changes not included) */
    List<Reminder> list();

    /** Cancels the reminder when the turn succeeds; nothing when there is none of that name. */
    void cancel(String name);

    /**
     * A registered reminder.
     *
     * @param name its name
     * @param schedule its schedule as registered
     * @param nextDue when it fires next
     * @param data its data as JSON text, or null
     * @param options its options
     */
    record Reminder(String name, Schedule schedule, java.time.Instant nextDue, String data, ReminderOptions options) {
    }
}

package dev.bindery.actors;

import java.time.Duration;
import java.util.Objects;

/**
 * How a reminder fires: which method it calls, what happens to firings missed while no member could fire them, and
 * what happens when its callback fails. Immutable.
 *
 * @param callback the actor method it calls (default {@value #DEFAULT_CALLBACK})
 * @param missed what to do with due times missed (the actor's members were down, or the reminder was loaded late)
 * @param catchUpLimit with {@link MissedFires#CATCH_UP}, the most missed firings made back to back
 * @param maxRetries how many times a failed firing is retried before it goes to the dead letters (then the reminder
 *        goes on with its next due time)
 * @param retryInterval the first wait before a retry; doubled on each further one
 * @param overwrite whether registering replaces a reminder of the same name (else it is an error)
 */
public record ReminderOptions(String callback, MissedFires missed, int catchUpLimit, int maxRetries,
        Duration retryInterval, boolean overwrite) {

    /** The method a reminder calls when none is named. */
    public static final String DEFAULT_CALLBACK = "receiveReminder";

    /** What to do with due times that passed without a firing. */
    public enum MissedFires {
        /** Fire once for all of them, then go on from now (the default). */
        FIRE_ONCE,
        /** Fire none of them; go on with the next due time after now. */
        SKIP,
        /** Fire each of them, up to {@link ReminderOptions#catchUpLimit()}, the most recent ones. */
        CATCH_UP
    }

    public ReminderOptions {
        Objects.requireNonNull(callback, "callback");
        Objects.requireNonNull(missed, "missed");
        Objects.requireNonNull(retryInterval, "retryInterval");
        if (callback.isBlank()) {
            throw new IllegalArgumentException("A reminder's callback names a method of the actor");
        }
        if (catchUpLimit < 1 || maxRetries < 0 || retryInterval.isNegative()) {
            throw new IllegalArgumentException("catchUpLimit must be at least 1, maxRetries and retryInterval at "
                    + "least 0");
        }
    }

    /** @return the defaults: {@value #DEFAULT_CALLBACK}, fire once for missed ones, 3 retries from 1 s, overwrite */
    public static ReminderOptions defaults() {
        return new ReminderOptions(DEFAULT_CALLBACK, MissedFires.FIRE_ONCE, 1, 3, Duration.ofSeconds(1), true);
    }

    /** @return these options calling another method */
    public ReminderOptions callback(String method) {
        return new ReminderOptions(method, missed, catchUpLimit, maxRetries, retryInterval, overwrite);
    }

    /** @return these options skipping missed firings */
    public ReminderOptions skipMissed() {
        return new ReminderOptions(callback, MissedFires.SKIP, 1, maxRetries, retryInterval, overwrite);
    }

    /** @return these options making up to {@code limit} missed firings */
    public ReminderOptions catchUp(int limit) {
        return new ReminderOptions(callback, MissedFires.CATCH_UP, limit, maxRetries, retryInterval, overwrite);
    }

    /** @return these options with another retry policy */
    public ReminderOptions retry(int times, Duration firstInterval) {
        return new ReminderOptions(callback, missed, catchUpLimit, times, firstInterval, overwrite);
    }

    /** @return these options refusing to replace a reminder of the same name */
    public ReminderOptions noOverwrite() {
        return new ReminderOptions(callback, missed, catchUpLimit, maxRetries, retryInterval, false);
    }
}

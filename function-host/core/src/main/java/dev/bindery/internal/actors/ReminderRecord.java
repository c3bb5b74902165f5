package dev.bindery.internal.actors;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.bindery.actors.ActorReminders.Reminder;
import dev.bindery.actors.ReminderOptions;
import dev.bindery.actors.ReminderOptions.MissedFires;
import dev.bindery.actors.Schedule;

/**
 * A reminder as saved in its own entry ({@code <actor>||$reminder||<name>}), JSON: its schedule as given and as
 * planned, its next due time, its callback, data and options.
 *
 * @param due the next due time, epoch milliseconds
 */
record ReminderRecord(String name, String callback, String data, String dueTime, String period, String ttl,
        String plan, long due, String missed, int catchUp, int maxRetries, long retryMillis) {

    static ReminderRecord of(String name, Schedule schedule, String data, ReminderOptions options, Instant now) {
        Schedule.Plan plan = schedule.resolve(now);
        return new ReminderRecord(name, options.callback(), data, schedule.dueTimeText(), schedule.periodText(),
                schedule.ttlText(), plan.encode(), plan.firstDue().toEpochMilli(), options.missed().name(),
                options.catchUpLimit(), options.maxRetries(), options.retryInterval().toMillis());
    }

    Schedule.Plan resolved() {
        return Schedule.Plan.decode(plan);
    }

    ReminderOptions options() {
        return new ReminderOptions(callback, MissedFires.valueOf(missed), catchUp, maxRetries,
                Duration.ofMillis(retryMillis), true);
    }

    Reminder toReminder() {
        return new Reminder(name, Schedule.parse(dueTime, period, ttl), Instant.ofEpochMilli(due), data, options());
    }

    /** @return the record after a firing at {@code firedDue}: its next due time, or empty when it is done */
    Optional<ReminderRecord> after(long firedDue) {
        Schedule.Plan resolved = resolved();
        Instant fired = Instant.ofEpochMilli(firedDue);
        return resolved.next(fired, index(resolved, firedDue) + 1).map(next -> withDue(next.toEpochMilli()));
    }

    /** @return how many due times of the sequence come before {@code due} */
    private static int index(Schedule.Plan resolved, long due) {
        Duration period = resolved.period();
        if (period == null) {
            return 0;
        }
        long elapsed = due - resolved.firstDue().toEpochMilli();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, elapsed / Math.max(1, period.toMillis())));
    }

    ReminderRecord withDue(long next) {
        return new ReminderRecord(name, callback, data, dueTime, period, ttl, plan, next, missed, catchUp,
                maxRetries, retryMillis);
    }

    /**
     * @return how long the claim of a firing is kept: twice the period, at least two minutes (a firing made late by a
     *         failover comes within that; the claims of a busy member do not pile up)
     */
    Duration claimTtl() {
        Duration p = resolved().period();
        Duration twice = p == null ? Duration.ZERO : p.multipliedBy(2);
        return twice.compareTo(MIN_CLAIM_TTL) > 0 ? twice : MIN_CLAIM_TTL;
    }

    private static final Duration MIN_CLAIM_TTL = Duration.ofMinutes(2);

    /**
     * The due time to fire next, by the missed-fire policy, when the record is loaded at {@code now}: its own due time
     * when that is not past by more than one period; else the latest past due time ({@code FIRE_ONCE}), the first one
     * after now ({@code SKIP}), or the oldest of the last {@code catchUp} past ones ({@code CATCH_UP}).
     */
    long fireDue(Instant now) {
        Schedule.Plan resolved = resolved();
        Duration period = resolved.period();
        long nowMillis = now.toEpochMilli();
        if (period == null || due >= nowMillis) {
            return due;
        }
        long step = Math.max(1, period.toMillis());
        long missedSlots = (nowMillis - due) / step; // due times after `due` that are already past
        if (missedSlots == 0) {
            return due;
        }
        long latest = due + missedSlots * step;
        return switch (MissedFires.valueOf(missed)) {
            case FIRE_ONCE -> latest;
            case SKIP -> resolved.firstAfter(Instant.ofEpochMilli(due), now).map(Instant::toEpochMilli)
                    .orElse(latest);
            case CATCH_UP -> Math.max(due, latest - (long) (catchUp - 1) * step);
        };
    }
}

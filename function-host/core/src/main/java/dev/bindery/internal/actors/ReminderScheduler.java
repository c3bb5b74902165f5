package dev.bindery.internal.actors;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateBackend.Stored;
import dev.bindery.spi.state.StateBackend.Write;
import dev.bindery.state.ETagMismatchException;

/**
 * Schedules the reminders of the actors owned by this member, and only those: each reminder is read from its own
 * entry when the member starts, when ownership changes and at every scan, and fired as a turn of its actor. A firing
 * that fails is retried with a doubling wait, then dead-lettered and the reminder goes on with its next due time.
 */
final class ReminderScheduler {

    private static final Logger LOG = Logger.getLogger(ReminderScheduler.class.getName());
    private static final int SCAN_LIMIT = Integer.MAX_VALUE;

    /** A record with the ETag of its entry. */
    record Loaded(ReminderRecord record, String etag) {
    }

    /** A reminder's next firing on this member; replaced when it is scheduled again. */
    private static final class Scheduled {
        final ReminderRecord record;
        volatile ScheduledFuture<?> future;

        Scheduled(ReminderRecord record) {
            this.record = record;
        }

        void cancel() {
            ScheduledFuture<?> pending = future;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }

    private final ActorRuntime runtime;
    private final Map<String, Scheduled> scheduled = new ConcurrentHashMap<>();

    ReminderScheduler(ActorRuntime runtime) {
        this.runtime = runtime;
    }

    /** @return how many reminders this member has scheduled */
    int size() {
        return scheduled.size();
    }

    Optional<ReminderRecord> load(String key) {
        return loadWithEtag(key).map(Loaded::record);
    }

    Optional<Loaded> loadWithEtag(String key) {
        Optional<Stored> stored = runtime.backend.get(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Loaded(runtime.mapper.readValue(stored.get().value(), ReminderRecord.class),
                    stored.get().etag()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Reminder entry " + key + " does not read; it is left alone", e);
            return Optional.empty();
        }
    }

    List<ReminderRecord> ofActor(String actorKey) {
        List<ReminderRecord> found = new ArrayList<>();
        for (String key : runtime.backend.keys(ActorKeys.reminderPrefix(actorKey), SCAN_LIMIT)) {
            load(key).ifPresent(found::add);
        }
        return found;
    }

    /**
     * Schedules the reminders owned here that are not yet, and drops those no longer owned here (another member
     * schedules them now).
     */
    void rescan() {
        StateBackend backend = runtime.backend;
        Set<String> seen = new HashSet<>();
        for (String key : backend.keys(runtime.keys.appPrefix(), SCAN_LIMIT)) {
            if (!ActorKeys.isReminder(key) || !backend.ownedHere(ActorKeys.actorOfReminder(key))) {
                continue;
            }
            seen.add(key);
            if (!scheduled.containsKey(key)) {
                load(key).ifPresent(record -> schedule(key, record));
            }
        }
        for (String key : Set.copyOf(scheduled.keySet())) {
            if (!seen.contains(key) && !backend.ownedHere(ActorKeys.actorOfReminder(key))) {
                unschedule(key);
            }
        }
    }

    /** Schedules (or re-schedules) the reminder's next firing, by its missed-fire policy. */
    void schedule(String key, ReminderRecord record) {
        Instant now = runtime.clock.instant();
        long fireDue = record.fireDue(now);
        long delay = Math.max(0, fireDue - now.toEpochMilli());
        // the entry is in place before its firing can run: a firing checks it is still the reminder's current one
        Scheduled entry = new Scheduled(record);
        Scheduled previous = scheduled.put(key, entry);
        if (previous != null) {
            previous.cancel();
        } else {
            runtime.observer.reminderScheduled(typeOf(key), 1);
        }
        entry.future = runtime.scheduler.schedule(() -> fire(key, entry, fireDue, 0), delay, TimeUnit.MILLISECONDS);
    }

    void unschedule(String key) {
        Scheduled previous = scheduled.remove(key);
        if (previous != null) {
            previous.cancel();
            runtime.observer.reminderScheduled(typeOf(key), -1);
        }
    }

    private void fire(String key, Scheduled entry, long due, int attempt) {
        try {
            fireNow(key, entry, due, attempt);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Firing reminder " + key + " failed; the next scan schedules it again", e);
            scheduled.remove(key, entry);
        }
    }

    private void fireNow(String key, Scheduled entry, long due, int attempt) {
        if (scheduled.get(key) != entry) {
            return; // unscheduled or scheduled again since
        }
        ReminderRecord record = entry.record;
        if (attempt == 0) {
            runtime.observer.reminderFired(typeOf(key),
                    Duration.ofMillis(Math.max(0, runtime.clock.millis() - due)));
        }
        runtime.fireReminder(key, record, due).whenComplete((outcome, failure) -> {
            if (failure == null && outcome.succeeded()) {
                if (outcome instanceof Outcome.NoReply noReply && noReply.duplicate()) {
                    reload(key); // fired by another member, or cancelled: follow the entry
                }
                return; // the turn saved the next due time and scheduled it
            }
            String reason = failure != null ? failure.toString() : outcome.reason().orElse("failed");
            if (attempt < record.maxRetries() && scheduled.get(key) == entry) {
                long wait = record.retryMillis() << Math.min(attempt, 20);
                entry.future = runtime.scheduler.schedule(() -> fire(key, entry, due, attempt + 1), wait,
                        TimeUnit.MILLISECONDS);
                return;
            }
            runtime.deadLetterReminder(key, record, due, attempt + 1, reason);
            advance(key, due);
        });
    }

    /** Saves the firing at {@code due} as done without a turn (it was dead-lettered) and schedules the next one. */
    private void advance(String key, long due) {
        Optional<Loaded> loaded = loadWithEtag(key);
        if (loaded.isEmpty()) {
            unschedule(key);
            return;
        }
        ReminderRecord record = loaded.get().record();
        Optional<ReminderRecord> next = record.after(due);
        String actor = ActorKeys.actorOfReminder(key);
        try {
            runtime.backend.apply(List.of(
                    new Write(ActorKeys.fired(actor, record.name(), due), runtime.claimValue(), null, true,
                            record.claimTtl()),
                    new Write(key, next.map(runtime::bytes).orElse(null), loaded.get().etag(), false, null)));
        } catch (ETagMismatchException changed) {
            // fired or changed by a turn meanwhile: follow the entry
        }
        reload(key);
    }

    private void reload(String key) {
        Optional<ReminderRecord> record = load(key);
        if (record.isPresent() && runtime.backend.ownedHere(ActorKeys.actorOfReminder(key))) {
            schedule(key, record.get());
        } else {
            unschedule(key);
        }
    }

    void stop() {
        scheduled.values().forEach(Scheduled::cancel);
        scheduled.clear();
    }

    private String typeOf(String key) {
        String actor = ActorKeys.actorOfReminder(key);
        int start = runtime.keys.appPrefix().length();
        int end = actor.indexOf(ActorKeys.SEPARATOR, start);
        return end < 0 ? actor : actor.substring(start, end);
    }
}

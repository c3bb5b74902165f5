package dev.bindery.internal.actors;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ActorReminders;
import dev.bindery.actors.ActorState;
import dev.bindery.actors.ActorStateLimitException;
import dev.bindery.actors.ActorTimers;
import dev.bindery.actors.ReminderOptions;
import dev.bindery.actors.Schedule;
import dev.bindery.spi.state.StateBackend.Stored;

/**
 * One turn of one actor: what it reads and what it will write. Writes are kept here and saved together by
 * {@link Activation#commit} when the turn succeeds; timers and reminders registered by the turn take effect after that.
 * Used by the turn's thread only.
 */
final class Turn implements ActorContext {

    /** A value to write, or a removal ({@code value} null). */
    record Pending(byte[] value, Duration ttl) {
    }

    final Activation activation;
    final String method;
    final String chain;
    final Map<String, Pending> writes = new LinkedHashMap<>();
    final Map<String, ReminderRecord> reminderWrites = new LinkedHashMap<>();
    final List<Runnable> afterCommit = new ArrayList<>();
    /** The insert-only claim of the reminder firing this turn is, or null. */
    String claim;
    Duration claimTtl;

    private final State state = new State();
    private final Timers timers = new Timers();
    private final Reminders reminders = new Reminders();

    Turn(Activation activation, String method, String chain) {
        this.activation = activation;
        this.method = method;
        this.chain = chain;
    }

    @Override
    public String type() {
        return activation.type.name();
    }

    @Override
    public String id() {
        return activation.id;
    }

    @Override
    public ActorState state() {
        return state;
    }

    @Override
    public ActorTimers timers() {
        return timers;
    }

    @Override
    public ActorReminders reminders() {
        return reminders;
    }

    /** @return true when the turn has something to save */
    boolean dirty() {
        return !writes.isEmpty() || !reminderWrites.isEmpty() || claim != null;
    }

    private final class State implements ActorState {

        @Override
        public <T> Optional<T> get(String key, Class<T> type) {
            byte[] raw = raw(key);
            if (raw == null) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(activation.runtime.mapper.readValue(raw, type));
            } catch (IOException e) {
                throw new IllegalStateException("Actor state key '" + key + "' of " + activation.key + " does not "
                        + "read as " + type.getName() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public boolean contains(String key) {
            return raw(key) != null;
        }

        private byte[] raw(String key) {
            String full = ActorKeys.state(activation.key, key);
            Pending pending = writes.get(full);
            if (pending != null) {
                return pending.value;
            }
            Stored stored = activation.read(full);
            return stored == null ? null : stored.value();
        }

        @Override
        public void set(String key, Object value) {
            set(key, value, null);
        }

        @Override
        public void set(String key, Object value, Duration ttl) {
            String full = ActorKeys.state(activation.key, key);
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new IllegalArgumentException("A time to live is positive: " + ttl);
            }
            byte[] bytes;
            try {
                bytes = activation.runtime.mapper.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("The value of actor state key '" + key + "' does not serialize to "
                        + "JSON: " + e.getOriginalMessage(), e);
            }
            int limit = activation.runtime.settings.maxStateSize();
            if (bytes.length > limit) {
                throw new ActorStateLimitException("The value of actor state key '" + key + "' is " + bytes.length
                        + " bytes, over the limit of " + limit + " (bindery.actors.max-state-size)");
            }
            writes.put(full, new Pending(bytes, ttl));
        }

        @Override
        public void remove(String key) {
            writes.put(ActorKeys.state(activation.key, key), new Pending(null, null));
        }
    }

    private final class Timers implements ActorTimers {

        @Override
        public void register(String name, Schedule schedule, String callback, Object data) {
            requireName(name, "timer");
            activation.requireMethod(callback);
            String json = activation.runtime.json(data);
            afterCommit.add(() -> activation.startTimer(name, schedule, callback, json));
        }

        @Override
        public void cancel(String name) {
            afterCommit.add(() -> activation.cancelTimer(name));
        }
    }

    private final class Reminders implements ActorReminders {

        @Override
        public void register(String name, Schedule schedule, Object data) {
            register(name, schedule, data, ReminderOptions.defaults());
        }

        @Override
        public void register(String name, Schedule schedule, Object data, ReminderOptions options) {
            requireName(name, "reminder");
            activation.requireMethod(options.callback());
            if (!options.overwrite() && get(name).isPresent()) {
                throw new IllegalStateException("Actor " + activation.key + " already has a reminder named '" + name
                        + "'");
            }
            ReminderRecord record = ReminderRecord.of(name, schedule, activation.runtime.json(data), options,
                    activation.runtime.clock.instant());
            reminderWrites.put(name, record);
        }

        @Override
        public Optional<Reminder> get(String name) {
            if (reminderWrites.containsKey(name)) {
                ReminderRecord pending = reminderWrites.get(name);
                return pending == null ? Optional.empty() : Optional.of(pending.toReminder());
            }
            return activation.runtime.reminders.load(ActorKeys.reminder(activation.key, name))
                    .map(ReminderRecord::toReminder);
        }

        @Override
        public List<Reminder> list() {
            return activation.runtime.reminders.ofActor(activation.key).stream().map(ReminderRecord::toReminder)
                    .toList();
        }

        @Override
        public void cancel(String name) {
            reminderWrites.put(name, null);
        }
    }

    private static void requireName(String name, String what) {
        if (name == null || name.isBlank() || name.length() > 256 || name.contains(ActorKeys.SEPARATOR)) {
            throw new IllegalArgumentException("A " + what + "'s name is 1 to 256 characters without '||': '" + name
                    + "'");
        }
    }
}

package dev.bindery.runtime.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ActorReminders.Reminder;
import dev.bindery.actors.InvalidScheduleException;
import dev.bindery.actors.ReminderOptions;
import dev.bindery.actors.Schedule;
import dev.bindery.spi.support.HttpProblem;

/**
 * The Dapr actor API's state, timer and reminder requests: each body read (a bad one is an {@link Invalid} naming the
 * field at fault) into the work it asks for, which runs on the actor's turn and gives the answer: status and JSON body.
 * Bodies follow Dapr's: a state transaction is
 * {@code [{"operation":"upsert","request":{"key":"k","value":…,"metadata":{"ttlInSeconds":"60"}}},{"operation":"delete","request":{"key":"k2"}}]};
 * a timer or reminder {@code {"dueTime":…,"period":…,"ttl":…,"data":…,"callback":…}} (a reminder also
 * {@code "overwrite"}).
 */
final class DaprActorRequests {

    /** An answer: a status and a JSON body, or none. */
    record Reply(int status, byte[] json) {
        static final Reply NO_CONTENT = new Reply(204, null);
    }

    /** A request that cannot be done as sent: answered with its problem, nothing was done. */
    static final class Invalid extends RuntimeException {
        final transient HttpProblem problem;

        Invalid(String field, String detail) {
            super(detail, null, false, false);
            this.problem = HttpProblem.of(400, "invalid-request", "Invalid actor API request", detail).with("field",
                    field);
        }
    }

    private final ObjectMapper mapper;

    DaprActorRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** @return the transaction's writes, done on the turn and saved with it */
    Function<ActorContext, Reply> stateTransaction(byte[] body) {
        JsonNode operations = json(body);
        if (!operations.isArray()) {
            throw new Invalid("operations", "A state transaction is a JSON array of operations ({\"operation\": "
                    + "\"upsert\" or \"delete\", \"request\": {\"key\": …}})");
        }
        List<Function<ActorContext, Void>> writes = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            JsonNode operation = operations.get(i);
            String where = "[" + i + "]";
            String kind = text(operation, "operation", where);
            JsonNode request = operation.path("request");
            if (!request.isObject()) {
                throw new Invalid(where + ".request", "Operation " + where + " has no request object");
            }
            String key = text(request, "key", where + ".request");
            if (key == null || key.isEmpty()) {
                throw new Invalid(where + ".request.key", "Operation " + where + " names no key");
            }
            if ("upsert".equals(kind)) {
                JsonNode value = request.get("value");
                Duration ttl = ttl(request.path("metadata"), where + ".request.metadata.ttlInSeconds");
                writes.add(actor -> {
                    if (ttl == null) {
                        actor.state().set(key, value);
                    } else {
                        actor.state().set(key, value, ttl);
                    }
                    return null;
                });
            } else if ("delete".equals(kind)) {
                writes.add(actor -> {
                    actor.state().remove(key);
                    return null;
                });
            } else {
                throw new Invalid(where + ".operation", "Operation " + where + " is '" + kind + "'; it is upsert or "
                        + "delete");
            }
        }
        return actor -> {
            writes.forEach(write -> write.apply(actor));
            return Reply.NO_CONTENT;
        };
    }

    /** @return a read of one state key: 200 with its value, 204 without one */
    Function<ActorContext, Reply> getState(String key) {
        return actor -> actor.state().get(key, JsonNode.class).map(value -> new Reply(200, bytes(value)))
                .orElse(Reply.NO_CONTENT);
    }

    /** @return the reminder's registration */
    Function<ActorContext, Reply> registerReminder(String name, byte[] body, Set<String> methods) {
        JsonNode request = object(body);
        Schedule schedule = schedule(request);
        String callback = callback(request, methods, ReminderOptions.DEFAULT_CALLBACK);
        JsonNode overwrite = request.get("overwrite");
        if (overwrite != null && !overwrite.isBoolean() && !overwrite.isNull()) {
            throw new Invalid("overwrite", "overwrite is true or false");
        }
        ReminderOptions options = ReminderOptions.defaults().callback(callback);
        ReminderOptions chosen = overwrite != null && overwrite.isBoolean() && !overwrite.asBoolean()
                ? options.noOverwrite()
                : options;
        JsonNode data = data(request);
        return actor -> {
            actor.reminders().register(name, schedule, data, chosen);
            return Reply.NO_CONTENT;
        };
    }

    /** @return the reminder as registered, 404 when there is none */
    Function<ActorContext, Reply> getReminder(String name) {
        return actor -> actor.reminders().get(name).map(reminder -> new Reply(200, bytes(describe(reminder, false))))
                .orElseGet(() -> new Reply(404, null));
    }

    /** @return the actor's reminders */
    Function<ActorContext, Reply> listReminders() {
        return actor -> new Reply(200, bytes(actor.reminders().list().stream().map(r -> describe(r, true)).toList()));
    }

    Function<ActorContext, Reply> cancelReminder(String name) {
        return actor -> {
            actor.reminders().cancel(name);
            return Reply.NO_CONTENT;
        };
    }

    /** @return the timer's registration; a timer names its callback */
    Function<ActorContext, Reply> registerTimer(String name, byte[] body, Set<String> methods) {
        JsonNode request = object(body);
        Schedule schedule = schedule(request);
        String callback = callback(request, methods, null);
        JsonNode data = data(request);
        return actor -> {
            actor.timers().register(name, schedule, callback, data);
            return Reply.NO_CONTENT;
        };
    }

    Function<ActorContext, Reply> cancelTimer(String name) {
        return actor -> {
            actor.timers().cancel(name);
            return Reply.NO_CONTENT;
        };
    }

    private Map<String, Object> describe(Reminder reminder, boolean named) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (named) {
            body.put("name", reminder.name());
        }
        body.put("dueTime", reminder.schedule().dueTimeText());
        body.put("period", reminder.schedule().periodText());
        body.put("ttl", reminder.schedule().ttlText());
        try {
            body.put("data", reminder.data() == null ? null : mapper.readTree(reminder.data()));
        } catch (JsonProcessingException e) {
            body.put("data", reminder.data());
        }
        body.values().removeIf(java.util.Objects::isNull);
        return body;
    }

    private static Schedule schedule(JsonNode request) {
        String dueTime = text(request, InvalidScheduleException.DUE_TIME, "");
        String period = text(request, InvalidScheduleException.PERIOD, "");
        String ttl = text(request, InvalidScheduleException.TTL, "");
        try {
            return Schedule.parse(dueTime, period, ttl);
        } catch (InvalidScheduleException e) {
            throw new Invalid(e.field(), e.getMessage());
        }
    }

    private static String callback(JsonNode request, Set<String> methods, String byDefault) {
        String callback = text(request, "callback", "");
        if (callback == null || callback.isEmpty()) {
            if (byDefault == null) {
                throw new Invalid("callback", "A timer names its callback: the actor method it calls");
            }
            callback = byDefault;
        }
        if (!methods.contains(callback)) {
            throw new Invalid("callback", "The callback '" + callback + "' is not a method of the actor type; its "
                    + "methods: " + new java.util.TreeSet<>(methods));
        }
        return callback;
    }

    private static JsonNode data(JsonNode request) {
        JsonNode data = request.get("data");
        return data == null || data.isNull() ? null : data;
    }

    /** @return the member's text, or null when absent; anything but a string is invalid */
    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            String name = where.isEmpty() ? field : where + "." + field;
            throw new Invalid(name, name + " is a string, not " + value.getNodeType().name().toLowerCase());
        }
        return value.asText();
    }

    private static Duration ttl(JsonNode metadata, String field) {
        JsonNode ttl = metadata.get("ttlInSeconds");
        if (ttl == null || ttl.isNull()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(ttl.asText().strip());
            if (seconds <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new Invalid(field, field + " is a positive number of seconds, not '" + ttl.asText() + "'");
        }
    }

    private JsonNode object(byte[] body) {
        JsonNode request = body.length == 0 ? mapper.createObjectNode() : json(body);
        if (!request.isObject()) {
            throw new Invalid("body", "The body is a JSON object");
        }
        return request;
    }

    private JsonNode json(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new Invalid("body", "The body is empty; it is JSON");
            }
            return node;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new Invalid("body", "The body is not JSON: " + detail);
        }
    }

    private byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An actor API answer does not serialize", e);
        }
    }
}

package dev.bindery.internal.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.spi.state.StateBackend;

/**
 * One event of the transactional outbox as it waits in a state store: the fully built CloudEvent (so every relay keeps
 * its id) and where it goes. Stored under {@code bindery-outbox||<app-id>||<event-id>}: an application key can never
 * have that form (keys must not contain {@code ||}, and a scoped key has only one), so the entries never collide with
 * the application's state.
 *
 * @param committedAt when the transaction that carries it was written
 * @param position its place among the events of that transaction
 */
public record OutboxEntry(String pubsub, String topic, String orderingKey, boolean raw, Map<String, String> metadata,
        CloudEvent event, Instant committedAt, int position) {

    /** Oldest first; a transaction's events in the order given. */
    static final Comparator<OutboxEntry> RELAY_ORDER = Comparator.comparing(OutboxEntry::committedAt)
            .thenComparingInt(OutboxEntry::position);

    static final String KEY_ROOT = "bindery-outbox||";
    private static final JsonFormat FORMAT = new JsonFormat();

    public OutboxEntry {
        metadata = Map.copyOf(metadata);
    }

    /** @return the prefix of an application's entries */
    public static String prefix(String appId) {
        return KEY_ROOT + appId + "||";
    }

    /** @return the key of this entry for the application */
    public String key(String appId) {
        return prefix(appId) + event.getId();
    }

    /** @return the write that stores the entry: insert-only, without expiry */
    StateBackend.Write write(String appId, ObjectMapper mapper) {
        return new StateBackend.Write(key(appId), encode(mapper), null, true, null);
    }

    /** The stored form: JSON, with the event in CloudEvents' structured JSON format, kept as a string byte for byte. */
    byte[] encode(ObjectMapper mapper) {
        ObjectNode node = mapper.createObjectNode();
        node.put("pubsub", pubsub);
        node.put("topic", topic);
        if (orderingKey != null) {
            node.put("orderingKey", orderingKey);
        }
        node.put("raw", raw);
        ObjectNode meta = node.putObject("metadata");
        metadata.forEach(meta::put);
        node.put("committedAt", committedAt.toEpochMilli());
        node.put("position", position);
        node.put("event", new String(FORMAT.serialize(event), StandardCharsets.UTF_8));
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("An outbox entry could not be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not an outbox entry */
    static OutboxEntry decode(byte[] stored, ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(stored);
            Map<String, String> metadata = new LinkedHashMap<>();
            node.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            JsonNode orderingKey = node.get("orderingKey");
            CloudEvent event = FORMAT.deserialize(node.required("event").asText().getBytes(StandardCharsets.UTF_8));
            return new OutboxEntry(node.required("pubsub").asText(), node.required("topic").asText(),
                    orderingKey == null ? null : orderingKey.asText(), node.path("raw").asBoolean(), metadata, event,
                    Instant.ofEpochMilli(node.required("committedAt").asLong()), node.path("position").asInt());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not an outbox entry: " + e.getMessage(), e);
        }
    }
}

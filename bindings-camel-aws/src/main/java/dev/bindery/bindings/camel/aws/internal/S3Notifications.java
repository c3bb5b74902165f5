package dev.bindery.bindings.camel.aws.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;

import dev.bindery.binding.StoredObject;
import dev.bindery.bindings.camel.kind.BindingEvents;
import dev.bindery.bindings.camel.kind.MessageReader;

/**
 * Reads an SQS message holding an S3 event notification: one object-created event per {@code ObjectCreated:*}
 * record, with the key URL-decoded; other records are skipped, and S3's {@code s3:TestEvent} makes none.
 */
final class S3Notifications implements MessageReader {

    private final BindingEvents events;

    S3Notifications(BindingEvents events) {
        this.events = events;
    }

    @Override
    public List<CloudEvent> toEvents(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode root;
        try {
            root = events.mapper().readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The message is not an S3 event notification: not JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (root != null && "s3:TestEvent".equals(root.path("Event").asText())) {
            return List.of();
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException("The message is not an S3 event notification: it has no 'Records' "
                    + "array");
        }
        List<CloudEvent> created = new ArrayList<>();
        for (JsonNode record : records) {
            if (record.path("eventName").asText().startsWith("ObjectCreated:")) {
                created.add(created(record));
            }
        }
        return created;
    }

    private static Instant eventTime(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("An S3 notification record's eventTime is not an ISO-8601 instant: "
                    + e.getMessage(), e);
        }
    }

    private CloudEvent created(JsonNode record) {
        JsonNode s3 = record.path("s3");
        String bucket = s3.path("bucket").path("name").asText(null);
        String rawKey = s3.path("object").path("key").asText(null);
        if (bucket == null || rawKey == null) {
            throw new IllegalArgumentException("An S3 notification record lacks s3.bucket.name or s3.object.key");
        }
        // keys in notifications are URL-encoded, with '+' for a space
        String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
        JsonNode time = record.get("eventTime");
        Instant at = time == null ? null : eventTime(time.asText());
        StoredObject object = new StoredObject(events.binding(), bucket, key, s3.path("object").path("size")
                .asLong(-1), S3BindingKind.unquote(s3.path("object").path("eTag").asText(null)), null, at);
        return events.object(object, at);
    }
}

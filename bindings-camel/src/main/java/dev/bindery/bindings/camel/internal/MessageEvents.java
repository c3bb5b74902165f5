package dev.bindery.bindings.camel.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.component.kafka.KafkaConstants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.binding.CronTick;
import dev.bindery.binding.StoredObject;
import dev.bindery.spi.support.Payloads;

/**
 * Turns a Camel message into the CloudEvents a function receives: type per binding kind (or {@code event-type}),
 * source the endpoint, subject the object key or message id, data the body, useful headers as extension attributes.
 * A queue message that is itself a structured CloudEvent (JSON with {@code specversion}) is taken as that event.
 */
public final class MessageEvents {

    static final String JSON = "application/json";

    private final BindingSpec spec;
    private final String appId;
    private final URI source;
    private final ObjectMapper mapper;

    public MessageEvents(BindingSpec spec, String appId, String endpointUri, ObjectMapper mapper) {
        this.spec = spec;
        this.appId = appId;
        this.source = sourceOf(endpointUri);
        this.mapper = mapper;
    }

    /** The endpoint without its options (which may hold credentials). */
    private static URI sourceOf(String endpointUri) {
        int query = endpointUri.indexOf('?');
        String base = query < 0 ? endpointUri : endpointUri.substring(0, query);
        try {
            return URI.create(base);
        } catch (IllegalArgumentException e) {
            return URI.create(java.net.URLEncoder.encode(base, StandardCharsets.UTF_8));
        }
    }

    /**
     * @return the message's events: one, or one per record of an S3 notification (none for S3's test event)
     * @throws IllegalArgumentException when the message cannot be read; it will not be retried
     */
    public List<CloudEvent> toEvents(Exchange exchange) {
        Message message = exchange.getMessage();
        return switch (spec.kind()) {
            case CRON -> List.of(cron(message));
            case S3 -> List.of(object(message));
            case SQS -> spec.notifications()
                    ? notifications(message)
                    : List.of(queue(message,
                            message.getHeader(Sqs2Constants.MESSAGE_ID, String.class)));
            case AMQP -> List.of(queue(message, message.getHeader("JMSMessageID", String.class)));
            case KAFKA -> List.of(queue(message, message.getHeader(KafkaConstants.TOPIC, String.class) + "-"
                    + message.getHeader(KafkaConstants.PARTITION) + "-" + message.getHeader(KafkaConstants.OFFSET)));
            case FILE -> List.of(spec.objects() ? fileObject(message) : file(message));
            default -> List.of(queue(message, exchange.getExchangeId()));
        };
    }

    /**
     * @return a key that is the same for the same message in every replica and across restarts: the scheduled fire
     *         time of a cron tick, the bucket, key and ETag of an object
     */
    public static String dedupKey(String binding, CloudEvent event) {
        return "binding/" + binding + "/" + event.getId().replace("||", "/");
    }

    private CloudEvent cron(Message message) {
        Instant scheduled = instant(message.getHeader("scheduledFireTime"));
        Instant fired = instant(message.getHeader("fireTime"));
        if (fired == null) {
            fired = instant(message.getHeader(Exchange.TIMER_FIRED_TIME));
        }
        Instant next = instant(message.getHeader("nextFireTime"));
        if (scheduled == null) {
            scheduled = fired == null ? Instant.now() : fired;
        }
        CronTick tick = new CronTick(spec.name(), scheduled, fired == null ? Instant.now() : fired, next);
        return builder(appId + ":" + spec.name() + ":" + scheduled.toEpochMilli())
                .withSubject(scheduled.toString())
                .withTime(OffsetDateTime.ofInstant(scheduled, ZoneOffset.UTC))
                .withDataContentType(JSON)
                .withData(json(tick))
                .build();
    }

    private CloudEvent object(Message message) {
        String bucket = message.getHeader(AWS2S3Constants.BUCKET_NAME, String.class);
        String key = message.getHeader(AWS2S3Constants.KEY, String.class);
        String eTag = Outputs.unquote(message.getHeader(AWS2S3Constants.E_TAG, String.class));
        Long size = message.getHeader(AWS2S3Constants.CONTENT_LENGTH, Long.class);
        Instant modified = instant(message.getHeader(AWS2S3Constants.LAST_MODIFIED));
        StoredObject object = new StoredObject(spec.name(), bucket == null ? spec.target() : bucket, key,
                size == null ? -1 : size, eTag, message.getHeader(AWS2S3Constants.CONTENT_TYPE, String.class),
                modified);
        return objectEvent(object, null);
    }

    private CloudEvent objectEvent(StoredObject object, Instant time) {
        CloudEventBuilder builder = builder(object.bucket() + "/" + object.key() + "@" + object.eTag())
                .withSubject(object.key())
                .withDataContentType(JSON)
                .withData(json(object));
        Instant at = time != null ? time : object.lastModified();
        if (at != null) {
            builder.withTime(OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        }
        return builder.build();
    }

    /** An SQS message holding an S3 event notification: one event per ObjectCreated record. */
    private List<CloudEvent> notifications(Message message) {
        String body = message.getBody(String.class);
        JsonNode root;
        try {
            root = mapper.readTree(body == null ? "" : body);
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
        List<CloudEvent> events = new ArrayList<>();
        for (JsonNode record : records) {
            if (!record.path("eventName").asText().startsWith("ObjectCreated:")) {
                continue;
            }
            JsonNode s3 = record.path("s3");
            String bucket = s3.path("bucket").path("name").asText(null);
            String rawKey = s3.path("object").path("key").asText(null);
            if (bucket == null || rawKey == null) {
                throw new IllegalArgumentException("An S3 notification record lacks s3.bucket.name or s3.object.key");
            }
            // keys in notifications are URL-encoded, with '+' for a space
            String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
            JsonNode time = record.get("eventTime");
            Instant at = time == null ? null : Instant.parse(time.asText());
            StoredObject object = new StoredObject(spec.name(), bucket, key, s3.path("object").path("size").asLong(
                    -1), Outputs.unquote(s3.path("object").path("eTag").asText(null)), null, at);
            events.add(objectEvent(object, at));
        }
        return events;
    }

    private CloudEvent queue(Message message, String messageId) {
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        String id = messageId == null || messageId.isEmpty() ? message.getExchange().getExchangeId() : messageId;
        Optional<CloudEvent> structured = Payloads.structuredEvent(body);
        if (structured.isPresent()) {
            return structured.get();
        }
        CloudEventBuilder builder = builder(id).withSubject(id).withDataContentType(contentType(message, body))
                .withData(body);
        extensions(message, builder);
        return builder.build();
    }

    private CloudEvent file(Message message) {
        byte[] body = message.getBody(byte[].class);
        String name = message.getHeader(Exchange.FILE_NAME, String.class);
        Long modified = message.getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        CloudEventBuilder builder = builder(spec.target() + "/" + name + "@" + (modified == null ? 0 : modified))
                .withSubject(name)
                .withDataContentType(contentType(message, body == null ? new byte[0] : body))
                .withData(body == null ? new byte[0] : body);
        if (modified != null) {
            builder.withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(modified), ZoneOffset.UTC));
        }
        return builder.build();
    }

    /** A file in a directory used as object storage: the bucket is the directory, the key the relative path. */
    private CloudEvent fileObject(Message message) {
        String key = message.getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        Long modified = message.getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        Long length = message.getHeader(Exchange.FILE_LENGTH, Long.class);
        long size = length == null ? -1 : length;
        long changed = modified == null ? 0 : modified;
        // a weak ETag from the size and the time of change, so the content need not be read to tell versions apart
        String eTag = Long.toHexString(changed) + "-" + Long.toHexString(size);
        String contentType = java.net.URLConnection.guessContentTypeFromName(key);
        StoredObject object = new StoredObject(spec.name(), spec.target(), key, size, eTag, contentType,
                modified == null ? null : Instant.ofEpochMilli(changed));
        return objectEvent(object, null);
    }

    private void extensions(Message message, CloudEventBuilder builder) {
        switch (spec.kind()) {
            case SQS -> {
                Object attributes = message.getHeader(Sqs2Constants.ATTRIBUTES);
                if (attributes instanceof Map<?, ?> map) {
                    map.forEach((name, value) -> {
                        if (String.valueOf(name).endsWith("ApproximateReceiveCount")) {
                            builder.withExtension("deliverycount", Integer.parseInt(String.valueOf(value)));
                        }
                    });
                }
            }
            case AMQP -> {
                Boolean redelivered = message.getHeader("JMSRedelivered", Boolean.class);
                if (redelivered != null) {
                    builder.withExtension("redelivered", redelivered);
                }
            }
            case KAFKA -> {
                Object key = message.getHeader(KafkaConstants.KEY);
                if (key != null) {
                    builder.withExtension("partitionkey", String.valueOf(key));
                }
                builder.withExtension("kafkatopic", message.getHeader(KafkaConstants.TOPIC, String.class));
            }
            default -> {
            }
        }
    }

    private static String contentType(Message message, byte[] body) {
        String declared = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (declared != null && !declared.isBlank()) {
            return declared;
        }
        return Payloads.contentType(body);
    }

    private CloudEventBuilder builder(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(source).withType(spec.eventType())
                .withExtension("binding", spec.name());
    }

    private byte[] json(Object data) {
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + data.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return null;
    }
}

package dev.bindery.bindings.camel.kind;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.binding.StoredObject;
import dev.bindery.spi.support.Payloads;

/**
 * Builds the CloudEvents of one input binding, the same way for every kind: the source is the endpoint without its
 * options (which may hold credentials), the type the binding's ({@code event-type}, else the kind's), the extension
 * {@code binding} names the binding. Thread-safe.
 */
public final class BindingEvents {

    /** The content type of JSON data. */
    public static final String JSON = "application/json";
    /** The type of the events of queue messages (SQS, AMQP, Kafka). */
    public static final String QUEUE_MESSAGE = "dev.bindery.queue.message";
    /** The type of the events of objects created or changed in a bucket, or in a directory used as one. */
    public static final String OBJECT_CREATED = "dev.bindery.s3.object.created";

    private final String binding;
    private final URI source;
    private final String type;
    private final ObjectMapper mapper;

    /**
     * @param binding the binding's name
     * @param source the events' source
     * @param type the events' type
     * @param mapper writes data as JSON
     */
    public BindingEvents(String binding, URI source, String type, ObjectMapper mapper) {
        this.binding = binding;
        this.source = source;
        this.type = type;
        this.mapper = mapper;
    }

    /** @return the binding's name */
    public String binding() {
        return binding;
    }

    /** @return the mapper the engine reads and writes JSON with */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** @return a builder with the id, the source, the type and the {@code binding} extension set */
    public CloudEventBuilder builder(String id) {
        return CloudEventBuilder.v1().withId(id).withSource(source).withType(type).withExtension("binding", binding);
    }

    /**
     * A queue message: the body as data (content type from the message, else guessed: JSON or text), the message id
     * as id and subject. A body that is itself a structured CloudEvent (JSON with {@code specversion}) is that event.
     *
     * @param messageId the broker's id of the message; the exchange's id when null or empty
     * @param extensions adds the kind's extension attributes from the message's headers
     */
    public CloudEvent message(Message message, String messageId, Consumer<CloudEventBuilder> extensions) {
        byte[] body = body(message);
        Optional<CloudEvent> structured = Payloads.structuredEvent(body);
        if (structured.isPresent()) {
            return structured.get();
        }
        String id = messageId == null || messageId.isEmpty() ? message.getExchange().getExchangeId() : messageId;
        CloudEventBuilder builder = builder(id).withSubject(id).withDataContentType(contentType(message, body))
                .withData(body);
        extensions.accept(builder);
        return builder.build();
    }

    /**
     * An object created or changed in a bucket (or a directory used as one): id {@code <bucket>/<key>@<etag>},
     * subject the key, data the {@link StoredObject} as JSON.
     *
     * @param time the event's time; the object's last change when null
     */
    public CloudEvent object(StoredObject object, Instant time) {
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

    /** @return the value as JSON */
    public byte[] json(Object data) {
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write " + data.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** @return the message's body as bytes, empty when it has none */
    public static byte[] body(Message message) {
        byte[] body = message.getBody(byte[].class);
        return body == null ? new byte[0] : body;
    }

    /** @return the message's declared content type, else JSON or text as the body looks */
    public static String contentType(Message message, byte[] body) {
        String declared = message.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (declared != null && !declared.isBlank()) {
            return declared;
        }
        return Payloads.contentType(body);
    }

    /** @return a header holding a {@link Date} or an {@link Instant} as an instant, else null */
    public static Instant instant(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return null;
    }
}

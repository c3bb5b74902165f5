package dev.bindery.internal.pubsub;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.invoke.CurrentEvent;
import dev.bindery.pubsub.PublishException;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.support.EventIds;
import dev.bindery.spi.support.MediaTypes;

/**
 * Builds the CloudEvent of a publish: a new id, the application as source, the type, the time, the trace context of
 * the event being handled, and the data as JSON (or bytes). Used by publishers and by the transactional outbox, which
 * stores the event so that every relay of it keeps its id.
 */
public final class PublishedEvents {

    private static final List<String> TRACE_EXTENSIONS = List.of("traceparent", "tracestate");

    private PublishedEvents() {
    }

    /**
     * @param source the events' source: the application id
     * @throws PublishException when the data cannot be serialized as JSON
     */
    public static CloudEvent build(PublishRequest request, URI source, ObjectMapper mapper) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(EventIds.next())
                .withSource(source)
                .withType(request.type().orElse(request.topic() + ".published"))
                .withTime(OffsetDateTime.now(ZoneOffset.UTC));
        request.subject().ifPresent(builder::withSubject);
        // W3C trace context of the event being handled (CloudEvents' distributed-tracing extension), unless given
        CloudEvent handling = CurrentEvent.get();
        if (handling != null) {
            for (String trace : TRACE_EXTENSIONS) {
                Object value = handling.getExtension(trace);
                if (value != null) {
                    builder.withExtension(trace, value.toString());
                }
            }
        }
        for (Map.Entry<String, String> extension : request.extensions().entrySet()) {
            builder.withExtension(extension.getKey(), extension.getValue());
        }
        if (request.data() instanceof byte[] bytes) {
            builder.withData(MediaTypes.OCTET_STREAM, bytes);
        } else {
            try {
                builder.withData(MediaTypes.JSON, mapper.writeValueAsBytes(request.data()));
            } catch (JsonProcessingException e) {
                throw new PublishException("The data for topic '" + request.topic() + "' ("
                        + request.data().getClass().getName() + ") cannot be serialized as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }
        return builder.build();
    }
}

package dev.bindery.internal.invoke;

import java.net.URI;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.support.EventIds;
import dev.bindery.spi.support.MediaTypes;

/**
 * Turns a function's return value into its reply event: a returned {@code CloudEvent} is the reply as it is;
 * {@code byte[]} becomes {@code application/octet-stream} data; anything else is serialized as JSON. Null means no
 * reply.
 */
final class ReplyFactory {

    private final String function;
    private final ObjectWriter writer;
    private final String type;
    private final URI source;

    ReplyFactory(String function, ObjectWriter writer, String type, URI source) {
        this.function = function;
        this.writer = writer;
        this.type = type;
        this.source = source;
    }

    /** @throws ReplyNotSerializable when the result cannot be written as JSON */
    Outcome reply(Object result, FunctionEventContext context) {
        if (result == null) {
            return new Outcome.NoReply(function, false);
        }
        if (result instanceof CloudEvent event) {
            return new Outcome.Replied(function, event);
        }
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(EventIds.next())
                .withType(context.replyType() != null ? context.replyType() : type)
                .withSource(context.replySource() != null ? context.replySource() : source);
        if (context.replySubject() != null) {
            builder.withSubject(context.replySubject());
        }
        for (Map.Entry<String, String> extension : context.replyExtensions().entrySet()) {
            builder.withExtension(extension.getKey(), extension.getValue());
        }
        if (result instanceof byte[] bytes) {
            builder.withData(MediaTypes.OCTET_STREAM, bytes);
        } else {
            builder.withData(MediaTypes.JSON, toJson(result));
        }
        return new Outcome.Replied(function, builder.build());
    }

    private byte[] toJson(Object result) {
        try {
            return writer.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new ReplyNotSerializable("The reply of function '" + function + "' ("
                    + result.getClass().getName() + ") cannot be serialized as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The function's result cannot be serialized: a host failure, not the sender's fault. */
    static final class ReplyNotSerializable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReplyNotSerializable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

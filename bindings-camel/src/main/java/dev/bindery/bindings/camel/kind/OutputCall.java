package dev.bindery.bindings.camel.kind;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;

/**
 * One call of an output binding, {@code bindings.invoke(binding, operation, data, metadata)}, with what every kind
 * needs to answer it: the data as a message body, the metadata, the producer sending to the binding's endpoint, and
 * errors that name the binding and the operation. Used by one thread.
 */
public final class OutputCall {

    /** How a kind's endpoint wants text and objects written as JSON. */
    public enum Body {
        /** As text: strings and JSON are strings (queues whose messages are text). */
        TEXT,
        /** As bytes: strings and JSON are UTF-8 bytes (objects, files, HTTP bodies). */
        BYTES,
        /** As given: a string stays a string, JSON is bytes. */
        GIVEN
    }

    /**
     * The data as a message body.
     *
     * @param body null, a byte array, a string or an input stream
     * @param length its length in bytes, or -1 for a stream
     * @param contentType its content type, or null without data
     */
    public record Payload(Object body, long length, String contentType) {
    }

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String BYTES = "application/octet-stream";

    private final String binding;
    private final String kind;
    private final String operation;
    private final Object data;
    private final Map<String, String> metadata;
    private final String uri;
    private final ProducerTemplate producer;
    private final ObjectMapper mapper;

    /**
     * @param kind the binding's kind, for messages
     * @param operation the operation as the function gave it; trimmed and lower-cased here
     * @param metadata the call's metadata, or null for none
     * @param uri the binding's output endpoint
     */
    public OutputCall(String binding, String kind, String operation, Object data, Map<String, String> metadata,
            String uri, ProducerTemplate producer, ObjectMapper mapper) {
        this.binding = binding;
        this.kind = kind;
        this.operation = operation == null ? "" : operation.trim().toLowerCase(Locale.ROOT);
        this.data = data;
        this.metadata = metadata == null ? Map.of() : metadata;
        this.uri = uri;
        this.producer = producer;
        this.mapper = mapper;
    }

    /** @return the operation, trimmed and lower-cased */
    public String operation() {
        return operation;
    }

    /** @return whether the operation is one of these */
    public boolean is(String... operations) {
        return Set.of(operations).contains(operation);
    }

    /** @return the call's metadata */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return one metadata value */
    public Optional<String> metadata(String name) {
        return Optional.ofNullable(metadata.get(name));
    }

    /**
     * @return the metadata value
     * @throws BindingException when it is missing or blank
     */
    public String require(String name) {
        String value = metadata.get(name);
        if (value == null || value.isBlank()) {
            throw fail("metadata '" + name + "' is missing", null);
        }
        return value;
    }

    /** @return the error for an operation the kind does not know */
    public BindingException unknown(String known) {
        return fail("not an operation of " + kind + " bindings; known: " + known, null);
    }

    /**
     * @return an error naming the binding and the operation; retryable when it has a cause (the call failed on its
     *         way), not when the kind refuses the call
     */
    public BindingException fail(String reason, Throwable cause) {
        return new BindingException(binding, operation, reason, cause, cause != null);
    }

    /** @return an error naming the binding and the operation, saying whether trying the call again may succeed */
    public BindingException fail(boolean retryable, String reason, Throwable cause) {
        return new BindingException(binding, operation, reason, cause, retryable);
    }

    /**
     * @return the data as a body the kind's endpoint takes: bytes, strings and streams as they are (strings as
     *         {@code form} says), any other object written as JSON
     * @throws BindingException when the data cannot be written as JSON
     */
    public Payload payload(Body form) {
        if (data == null) {
            return new Payload(null, 0, null);
        }
        if (data instanceof byte[] bytes) {
            return new Payload(bytes, bytes.length, BYTES);
        }
        if (data instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return new Payload(form == Body.BYTES ? bytes : text, bytes.length, TEXT);
        }
        if (data instanceof InputStream stream) {
            return new Payload(stream, -1, BYTES);
        }
        try {
            byte[] json = mapper.writeValueAsBytes(data);
            return new Payload(form == Body.TEXT ? new String(json, StandardCharsets.UTF_8) : json, json.length,
                    BindingEvents.JSON);
        } catch (JsonProcessingException e) {
            throw fail("the data could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Sends the payload to the binding's endpoint and waits for its answer (request-reply). The content type is the
     * metadata's {@code content-type}, else the payload's.
     *
     * @param prepare sets the kind's headers for the operation
     * @return the endpoint's answer
     * @throws BindingException when the endpoint failed
     */
    public Message send(Payload payload, Consumer<Message> prepare) {
        Exchange result = producer.send(uri, exchange -> {
            exchange.setPattern(ExchangePattern.InOut);
            Message message = exchange.getMessage();
            message.setBody(payload.body());
            String contentType = metadata.getOrDefault("content-type", payload.contentType());
            if (contentType != null) {
                message.setHeader(Exchange.CONTENT_TYPE, contentType);
            }
            prepare.accept(message);
        });
        if (result.getException() instanceof BindingException refused) {
            throw refused;
        }
        if (result.getException() != null) {
            throw fail(describe(result.getException()), result.getException());
        }
        return result.getMessage();
    }

    /** Sets every metadata value but {@code content-type} and the {@code except} ones as a header of the message. */
    public void headers(Message message, String... except) {
        Set<String> skipped = Set.of(except);
        metadata.forEach((name, value) -> {
            if (!name.equals("content-type") && !skipped.contains(name)) {
                message.setHeader(name, value);
            }
        });
    }

    /**
     * @return a response whose data is the value as JSON
     * @throws BindingException when it cannot be written as JSON
     */
    public BindingResponse json(Object value, Map<String, String> responseMetadata) {
        try {
            return BindingResponse.of(mapper.writeValueAsBytes(value), responseMetadata);
        } catch (JsonProcessingException e) {
            throw fail("the response could not be written as JSON", e);
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure
                ? String.valueOf(failure.getMessage())
                : failure.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}

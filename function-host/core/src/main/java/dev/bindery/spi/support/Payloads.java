package dev.bindery.spi.support;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonFormat;

/**
 * Reads a message body that arrived without a content type (a queue message, a notification), as every transport
 * adapter must: whether it is JSON, and whether it is itself a structured CloudEvent.
 */
public final class Payloads {

    public static final String TEXT = "text/plain; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat FORMAT = new JsonFormat();

    private Payloads() {
    }

    /** @return {@code application/json} for a JSON object or array, else UTF-8 text */
    public static String contentType(byte[] body) {
        char first = firstChar(body);
        return (first == '{' || first == '[') && parse(body) != null ? MediaTypes.JSON : TEXT;
    }

    /** @return the body as the CloudEvent it is in structured mode (JSON with specversion, id and type), if it is one */
    public static Optional<CloudEvent> structuredEvent(byte[] body) {
        if (firstChar(body) != '{') {
            return Optional.empty();
        }
        JsonNode node = parse(body);
        if (node == null || !node.has("specversion") || !node.has("id") || !node.has("type")) {
            return Optional.empty();
        }
        try {
            return Optional.of(FORMAT.deserialize(body));
        } catch (EventDeserializationException e) {
            return Optional.empty();
        }
    }

    private static char firstChar(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return (char) b;
            }
        }
        return 0;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}

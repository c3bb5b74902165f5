package dev.bindery.internal.invoke;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;

import dev.bindery.actors.ActorContext;
import dev.bindery.function.EventContext;
import dev.bindery.internal.actors.CurrentTurn;
import dev.bindery.spi.support.MediaTypes;

/**
 * Builds a function's arguments from an event: at most one data parameter (a Jackson-bound type, {@code String},
 * {@code byte[]}, {@code JsonNode} or the {@code CloudEvent}) and at most one {@link EventContext}.
 */
final class ArgumentBinder {

    /** What a parameter receives. */
    enum Kind {
        CONTEXT, ACTOR_CONTEXT, CLOUD_EVENT, BYTES, STRING, JSON_NODE, OBJECT
    }

    private final Kind[] kinds;
    private final ObjectReader[] readers;
    private final JavaType[] types;
    private final ObjectReader treeReader;
    private final ObjectMapper mapper;

    ArgumentBinder(ObjectMapper mapper, Method method) {
        this.mapper = mapper;
        treeReader = mapper.readerFor(JsonNode.class);
        Type[] parameters = method.getGenericParameterTypes();
        Class<?>[] raw = method.getParameterTypes();
        kinds = new Kind[parameters.length];
        readers = new ObjectReader[parameters.length];
        types = new JavaType[parameters.length];
        int data = 0;
        int contexts = 0;
        int actorContexts = 0;
        for (int i = 0; i < parameters.length; i++) {
            kinds[i] = kindOf(raw[i]);
            if (kinds[i] == Kind.CONTEXT) {
                contexts++;
            } else if (kinds[i] == Kind.ACTOR_CONTEXT) {
                actorContexts++;
            } else {
                data++;
            }
            if (kinds[i] == Kind.OBJECT) {
                types[i] = mapper.constructType(parameters[i]);
            }
        }
        if (data > 1 || contexts > 1 || actorContexts > 1) {
            throw new IllegalArgumentException(method + " has " + data + " data parameters, " + contexts
                    + " EventContext and " + actorContexts + " ActorContext parameters; a function takes at most "
                    + "one of each");
        }
    }

    /**
     * The parameter's reader, made on first use: a reader builds its type's deserializer, which for every function at
     * start-up would delay the first event (a benign race: readers are immutable, two threads may both make one).
     */
    private ObjectReader reader(int i) {
        ObjectReader reader = readers[i];
        if (reader == null) {
            reader = mapper.readerFor(types[i]);
            readers[i] = reader;
        }
        return reader;
    }

    static Kind kindOf(Class<?> type) {
        if (type == EventContext.class) {
            return Kind.CONTEXT;
        }
        if (type == ActorContext.class) {
            return Kind.ACTOR_CONTEXT;
        }
        if (type == CloudEvent.class) {
            return Kind.CLOUD_EVENT;
        }
        if (type == byte[].class) {
            return Kind.BYTES;
        }
        if (type == String.class) {
            return Kind.STRING;
        }
        if (type == JsonNode.class) {
            return Kind.JSON_NODE;
        }
        return Kind.OBJECT;
    }

    Object[] bind(CloudEvent event, EventContext context) {
        Object[] args = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            args[i] = bindOne(i, event, context);
        }
        return args;
    }

    private Object bindOne(int i, CloudEvent event, EventContext context) {
        switch (kinds[i]) {
            case CONTEXT :
                return context;
            case ACTOR_CONTEXT :
                return CurrentTurn.context();
            case CLOUD_EVENT :
                return event;
            default :
        }
        CloudEventData data = event.getData();
        if (data == null) {
            return null;
        }
        String contentType = event.getDataContentType();
        switch (kinds[i]) {
            case BYTES :
                return data.toBytes();
            case STRING :
                return bindString(data, contentType);
            case JSON_NODE :
                if (!MediaTypes.isJson(contentType)) {
                    throw notJson(contentType, "JsonNode");
                }
                // a copy of the event's own tree: a function that changes it and fails must not change what a retry
                // or the dead letter carries (a Kafka record's retries, a subscription's, Lambda's)
                return data instanceof JsonCloudEventData json ? json.getNode().deepCopy() : read(treeReader, data);
            default :
                if (!MediaTypes.isJson(contentType)) {
                    // the type's name is only made for the message
                    throw notJson(contentType, types[i].toCanonical());
                }
                return data instanceof JsonCloudEventData json ? convert(i, json.getNode()) : read(reader(i), data);
        }
    }

    private String bindString(CloudEventData data, String contentType) {
        if (data instanceof JsonCloudEventData json) {
            JsonNode node = json.getNode();
            return node.isTextual() ? node.textValue() : node.toString();
        }
        byte[] bytes = data.toBytes();
        if (MediaTypes.isJson(contentType) && firstNonBlank(bytes) == '"') {
            try {
                return treeReader.readTree(bytes).textValue();
            } catch (IOException e) {
                throw invalidData(e, "a JSON string");
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int firstNonBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
        }
        return -1;
    }

    private static InvalidDataException notJson(String contentType, String target) {
        return new InvalidDataException("datacontenttype", "Data of content type '" + contentType
                + "' cannot bind to " + target + "; send JSON (application/json) or take byte[] or String", null);
    }

    private Object read(ObjectReader reader, CloudEventData data) {
        try {
            return reader.readValue(data.toBytes());
        } catch (IOException e) {
            throw invalidData(e, reader.getValueType() == null ? "JSON" : reader.getValueType().toCanonical());
        }
    }

    private Object convert(int i, JsonNode node) {
        try {
            return reader(i).readValue(node);
        } catch (IOException e) {
            throw invalidData(e, types[i].toCanonical());
        }
    }

    private static InvalidDataException invalidData(IOException e, String target) {
        String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        String path = e instanceof JsonMappingException jme && !jme.getPath().isEmpty()
                ? " at " + jme.getPathReference()
                : "";
        return new InvalidDataException("data", "Data does not bind to " + target + path + ": " + detail, e);
    }
}

package dev.bindery.bindings.camel.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;

import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Output bindings: maps an operation and its metadata onto the Camel producer of the binding's kind, and the
 * producer's answer back onto a {@link BindingResponse}.
 */
public final class Outputs {

    private final ProducerTemplate producer;
    private final ObjectMapper mapper;

    public Outputs(ProducerTemplate producer, ObjectMapper mapper) {
        this.producer = producer;
        this.mapper = mapper;
    }

    /**
     * @param uri the binding's output endpoint
     * @throws BindingException naming the binding and the operation
     */
    public BindingResponse invoke(BindingSpec spec, String uri, String operation, Object data,
            Map<String, String> metadata) {
        String op = operation == null ? "" : operation.trim().toLowerCase(Locale.ROOT);
        Map<String, String> meta = metadata == null ? Map.of() : metadata;
        if (spec.kind() == Kind.FILE && List.of("get", "list", "delete").contains(op)) {
            return files(spec, op, meta);
        }
        Payload payload = payload(spec, op, data);
        Exchange result = producer.send(uri, exchange -> {
            exchange.setPattern(ExchangePattern.InOut);
            Message message = exchange.getMessage();
            message.setBody(payload.body());
            if (payload.contentType() != null) {
                message.setHeader(Exchange.CONTENT_TYPE, payload.contentType());
            }
            prepare(spec, op, meta, payload, message);
        });
        if (result.getException() instanceof BindingException refused) {
            throw refused;
        }
        if (result.getException() != null) {
            throw new BindingException(spec.name(), op, describe(result.getException()), result.getException());
        }
        return respond(spec, op, result.getMessage());
    }

    private record Payload(Object body, long length, String contentType) {
    }

    private Payload payload(BindingSpec spec, String op, Object data) {
        if (data == null) {
            return new Payload(null, 0, null);
        }
        if (data instanceof byte[] bytes) {
            return new Payload(bytes, bytes.length, "application/octet-stream");
        }
        if (data instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return new Payload(spec.kind() == Kind.S3 || spec.kind() == Kind.FILE || spec.kind() == Kind.HTTP
                    ? bytes
                    : text, bytes.length, "text/plain; charset=utf-8");
        }
        if (data instanceof InputStream stream) {
            return new Payload(stream, -1, "application/octet-stream");
        }
        try {
            byte[] json = mapper.writeValueAsBytes(data);
            return new Payload(spec.kind() == Kind.SQS || spec.kind() == Kind.AMQP
                    ? new String(json, StandardCharsets.UTF_8)
                    : json, json.length, MessageEvents.JSON);
        } catch (JsonProcessingException e) {
            throw new BindingException(spec.name(), op, "the data could not be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void prepare(BindingSpec spec, String op, Map<String, String> meta, Payload payload,
            Message message) {
        String contentType = meta.get("content-type");
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        switch (spec.kind()) {
            case S3 -> {
                String key = meta.get("key");
                switch (op) {
                    case "put", "create" -> {
                        require(spec, op, key, "key");
                        message.setHeader(AWS2S3Constants.KEY, key);
                        if (payload.length() >= 0) {
                            message.setHeader(AWS2S3Constants.CONTENT_LENGTH, payload.length());
                            if (payload.body() instanceof byte[] bytes) {
                                message.setBody(new ByteArrayInputStream(bytes));
                            }
                        }
                        message.setHeader(AWS2S3Constants.CONTENT_TYPE, contentType != null
                                ? contentType
                                : payload.contentType());
                    }
                    case "get" -> {
                        require(spec, op, key, "key");
                        message.setHeader(AWS2S3Constants.KEY, key);
                        message.setHeader(AWS2S3Constants.S3_OPERATION, "getObject");
                    }
                    case "delete" -> {
                        require(spec, op, key, "key");
                        message.setHeader(AWS2S3Constants.KEY, key);
                        message.setHeader(AWS2S3Constants.S3_OPERATION, "deleteObject");
                    }
                    case "list" -> {
                        message.setHeader(AWS2S3Constants.S3_OPERATION, "listObjects");
                        if (meta.containsKey("prefix")) {
                            message.setHeader(AWS2S3Constants.PREFIX, meta.get("prefix"));
                        }
                    }
                    default -> unknown(spec, op, "create (put), get, delete, list");
                }
            }
            case SQS -> {
                if (!op.equals("send") && !op.equals("create")) {
                    unknown(spec, op, "create (send)");
                }
                attributes(meta, message);
            }
            case AMQP -> {
                if (!op.equals("send") && !op.equals("create")) {
                    unknown(spec, op, "create (send)");
                }
                message.getExchange().setPattern(ExchangePattern.InOnly);
                attributes(meta, message);
            }
            case KAFKA -> {
                if (!op.equals("send") && !op.equals("create")) {
                    unknown(spec, op, "create (send)");
                }
                if (meta.containsKey("key")) {
                    message.setHeader(KafkaConstants.KEY, meta.get("key"));
                }
            }
            case FILE -> {
                if (!op.equals("put") && !op.equals("create") && !op.equals("write")) {
                    unknown(spec, op, "create (put), get, list, delete");
                }
                String key = meta.get("key");
                require(spec, op, key, "key");
                message.setHeader(Exchange.FILE_NAME, key);
            }
            case HTTP -> {
                if (!List.of("get", "post", "put", "delete", "patch", "head", "create").contains(op)) {
                    unknown(spec, op, "get, post, put, delete, patch, head, create (post)");
                }
                message.setHeader(Exchange.HTTP_METHOD, op.equals("create") ? "POST" : op.toUpperCase(Locale.ROOT));
                meta.forEach((name, value) -> {
                    switch (name) {
                        case "path" -> message.setHeader(Exchange.HTTP_PATH, value);
                        case "query" -> message.setHeader(Exchange.HTTP_QUERY, value);
                        case "content-type" -> {
                        }
                        default -> message.setHeader(name, value);
                    }
                });
            }
            case CRON -> throw new BindingException(spec.name(), op, "a cron binding is input only", null);
            case URI -> {
                if (!op.equals("create") && !op.equals("send")) {
                    unknown(spec, op, "create");
                }
                meta.forEach(message::setHeader);
            }
        }
    }

    /** Metadata other than the content type travel as message attributes (SQS) or properties (JMS). */
    private static void attributes(Map<String, String> meta, Message message) {
        meta.forEach((name, value) -> {
            if (!name.equals("content-type")) {
                message.setHeader(name, value);
            }
        });
    }

    private BindingResponse respond(BindingSpec spec, String op, Message message) {
        Map<String, String> metadata = new LinkedHashMap<>();
        Object body = message.getBody();
        switch (spec.kind()) {
            case S3 -> {
                put(metadata, "etag", unquote(message.getHeader(AWS2S3Constants.E_TAG, String.class)));
                put(metadata, "key", message.getHeader(AWS2S3Constants.KEY, String.class));
                if (op.equals("get")) {
                    put(metadata, "content-type", message.getHeader(AWS2S3Constants.CONTENT_TYPE, String.class));
                    return new BindingResponse(body instanceof InputStream stream ? stream : null, metadata);
                }
                if (op.equals("list") && body instanceof List<?> objects) {
                    List<Map<String, Object>> listed = objects.stream().filter(S3Object.class::isInstance)
                            .map(S3Object.class::cast).map(object -> {
                                Map<String, Object> entry = new LinkedHashMap<>();
                                entry.put("key", object.key());
                                entry.put("size", object.size());
                                entry.put("eTag", unquote(object.eTag()));
                                entry.put("lastModified", String.valueOf(object.lastModified()));
                                return entry;
                            }).toList();
                    return json(spec, op, listed, metadata);
                }
                return BindingResponse.of(null, metadata);
            }
            case SQS -> {
                put(metadata, "message-id", message.getHeader(Sqs2Constants.MESSAGE_ID, String.class));
                return BindingResponse.of(null, metadata);
            }
            case KAFKA -> {
                Object records = message.getHeader(KafkaConstants.KAFKA_RECORD_META);
                if (records instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof RecordMetadata sent) {
                    metadata.put("partition", Integer.toString(sent.partition()));
                    metadata.put("offset", Long.toString(sent.offset()));
                }
                return BindingResponse.of(null, metadata);
            }
            case HTTP -> {
                Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
                put(metadata, "status", status == null ? null : status.toString());
                put(metadata, "content-type", message.getHeader(Exchange.CONTENT_TYPE, String.class));
                byte[] bytes = message.getBody(byte[].class);
                if (status != null && status >= 400) {
                    String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
                    throw new BindingException(spec.name(), op, "the server answered " + status
                            + (text.isBlank() ? "" : ": " + (text.length() > 500 ? text.substring(0, 500) : text)),
                            null);
                }
                return BindingResponse.of(bytes, metadata);
            }
            case FILE -> {
                put(metadata, "key", message.getHeader(Exchange.FILE_NAME_PRODUCED, String.class));
                return BindingResponse.of(null, metadata);
            }
            default -> {
                return BindingResponse.of(body == null ? null : message.getBody(byte[].class), metadata);
            }
        }
    }

    /** Reading, listing and deleting files need no Camel endpoint: the directory is read as object storage. */
    private BindingResponse files(BindingSpec spec, String op, Map<String, String> meta) {
        Path root = Path.of(spec.target()).toAbsolutePath().normalize();
        try {
            if (op.equals("list")) {
                List<Map<String, Object>> listed = new ArrayList<>();
                if (Files.isDirectory(root)) {
                    try (Stream<Path> walk = Files.walk(root)) {
                        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                            String key = root.relativize(file).toString().replace('\\', '/');
                            if (key.startsWith(".") || key.contains("/.")) {
                                continue;
                            }
                            if (meta.containsKey("prefix") && !key.startsWith(meta.get("prefix"))) {
                                continue;
                            }
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("key", key);
                            entry.put("size", Files.size(file));
                            entry.put("lastModified", Files.getLastModifiedTime(file).toInstant().toString());
                            listed.add(entry);
                        }
                    }
                }
                return json(spec, op, listed, Map.of());
            }
            String key = meta.get("key");
            require(spec, op, key, "key");
            Path file = root.resolve(key).normalize();
            if (!file.startsWith(root)) {
                throw new BindingException(spec.name(), op, "key '" + key + "' leaves the binding's directory", null);
            }
            if (op.equals("delete")) {
                Files.deleteIfExists(file);
                return BindingResponse.of(null, Map.of("key", key));
            }
            if (!Files.isRegularFile(file)) {
                throw new BindingException(spec.name(), op, "no file '" + key + "'", null);
            }
            return new BindingResponse(Files.newInputStream(file), Map.of("key", key, "size", Long.toString(Files
                    .size(file))));
        } catch (IOException e) {
            throw new BindingException(spec.name(), op, e.toString(), e);
        }
    }

    private BindingResponse json(BindingSpec spec, String op, Object value, Map<String, String> metadata) {
        try {
            return BindingResponse.of(mapper.writeValueAsBytes(value), metadata);
        } catch (JsonProcessingException e) {
            throw new BindingException(spec.name(), op, "the response could not be written as JSON", e);
        }
    }

    private static void put(Map<String, String> metadata, String name, String value) {
        if (value != null) {
            metadata.put(name, value);
        }
    }

    private static void require(BindingSpec spec, String op, String value, String name) {
        if (value == null || value.isBlank()) {
            throw new BindingException(spec.name(), op, "metadata '" + name + "' is missing", null);
        }
    }

    private static void unknown(BindingSpec spec, String op, String known) {
        throw new BindingException(spec.name(), op, "not an operation of " + spec.kind().option()
                + " bindings; known: " + known, null);
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

    static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }
}

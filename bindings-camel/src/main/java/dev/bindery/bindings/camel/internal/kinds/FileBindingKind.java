package dev.bindery.bindings.camel.internal.kinds;

import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.cloudevents.CloudEvent;

import dev.bindery.binding.BindingResponse;
import dev.bindery.binding.StoredObject;
import dev.bindery.bindings.camel.kind.BindingEvents;
import dev.bindery.bindings.camel.kind.BindingOption;
import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.CamelBinding;
import dev.bindery.bindings.camel.kind.CamelBindingKind;
import dev.bindery.bindings.camel.kind.EndpointUris;
import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.bindings.camel.kind.OutputCall;
import dev.bindery.bindings.camel.kind.Remembered;

/**
 * {@code file=<directory>}: each new file triggers the function and is moved to {@code .done/} after success
 * ({@code .failed/} on failure); with {@code objects=true} the directory is object storage instead, as a bucket: files
 * stay, each new or changed one is an object-created event. Output: write, and read, list and delete files.
 */
public final class FileBindingKind implements CamelBindingKind {

    /** Whether the directory is used as object storage: files stay, each new or changed one is an event. */
    static final BindingOption<Boolean> OBJECTS = BindingOption.flag("objects");
    /** How often the directory is looked at for new files. */
    static final BindingOption<Duration> POLL_INTERVAL = BindingOption.duration("poll-interval", "1s");

    @Override
    public String name() {
        return "file";
    }

    @Override
    public List<BindingOption<?>> options() {
        return List.of(OBJECTS, POLL_INTERVAL);
    }

    @Override
    public CamelBinding parse(BindingOptions options) {
        return new Directory(options.binding(), options.target(), options.value(OBJECTS),
                options.value(POLL_INTERVAL));
    }

    /** A directory of files, or of objects. */
    private record Directory(String binding, String directory, boolean objects, Duration pollInterval)
            implements
                CamelBinding {

        @Override
        public String eventType() {
            return objects ? BindingEvents.OBJECT_CREATED : "dev.bindery.file.created";
        }

        @Override
        public String inputUri(EndpointUris uris) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("directoryName", directory);
            if (objects) {
                properties.put("noop", true);
                properties.put("idempotent", false);
                properties.put("recursive", true);
            } else {
                properties.put("move", ".done");
                properties.put("moveFailed", ".failed");
            }
            properties.put("delay", pollInterval.toMillis());
            return uris.build("file", properties);
        }

        @Override
        public String outputUri(EndpointUris uris) {
            return uris.build("file", Map.of("directoryName", directory));
        }

        @Override
        public MessageReader reader(BindingEvents events) {
            return exchange -> List.of(objects
                    ? object(events, exchange.getMessage())
                    : file(events,
                            exchange.getMessage()));
        }

        private CloudEvent file(BindingEvents events, Message message) {
            byte[] body = BindingEvents.body(message);
            String name = fileName(message);
            Long modified = message.getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
            var builder = events.builder(directory + "/" + name + "@" + (modified == null ? 0 : modified))
                    .withSubject(name)
                    .withDataContentType(BindingEvents.contentType(message, body))
                    .withData(body);
            if (modified != null) {
                builder.withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(modified), ZoneOffset.UTC));
            }
            return builder.build();
        }

        private static String fileName(Message message) {
            String name = message.getHeader(Exchange.FILE_NAME, String.class);
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("The message has no " + Exchange.FILE_NAME + " header: it did not "
                        + "come from a file consumer");
            }
            return name;
        }

        /** A file as an object: the bucket is the directory, the key the relative path. */
        private CloudEvent object(BindingEvents events, Message message) {
            String key = fileName(message).replace('\\', '/');
            Long modified = message.getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
            Long length = message.getHeader(Exchange.FILE_LENGTH, Long.class);
            long size = length == null ? -1 : length;
            long changed = modified == null ? 0 : modified;
            // a weak ETag from the size and the time of change, so the content need not be read to tell versions apart
            String eTag = Long.toHexString(changed) + "-" + Long.toHexString(size);
            StoredObject object = new StoredObject(binding, directory, key, size, eTag,
                    URLConnection.guessContentTypeFromName(key), modified == null
                            ? null
                            : Instant.ofEpochMilli(
                                    changed));
            return events.object(object, null);
        }

        @Override
        public BindingResponse invoke(OutputCall call) {
            if (call.is("get", "list", "delete")) {
                return files(call);
            }
            if (!call.is("put", "create", "write")) {
                throw call.unknown("create (put), get, list, delete");
            }
            String key = call.require("key");
            Message written = call.send(call.payload(OutputCall.Body.BYTES),
                    message -> message.setHeader(Exchange.FILE_NAME, key));
            String produced = written.getHeader(Exchange.FILE_NAME_PRODUCED, String.class);
            return BindingResponse.of(null, produced == null ? Map.of() : Map.of("key", produced));
        }

        /** Reading, listing and deleting files need no Camel endpoint: the directory is read as object storage. */
        private BindingResponse files(OutputCall call) {
            Path root = Path.of(directory).toAbsolutePath().normalize();
            try {
                if (call.is("list")) {
                    return call.json(list(root, call.metadata("prefix").orElse("")), Map.of());
                }
                String key = call.require("key");
                Path file = root.resolve(key).normalize();
                if (!file.startsWith(root)) {
                    throw call.fail("key '" + key + "' leaves the binding's directory", null);
                }
                if (call.is("delete")) {
                    Files.deleteIfExists(file);
                    return BindingResponse.of(null, Map.of("key", key));
                }
                if (!Files.isRegularFile(file)) {
                    throw call.fail("no file '" + key + "'", null);
                }
                return new BindingResponse(Files.newInputStream(file), Map.of("key", key, "size", Long.toString(Files
                        .size(file))));
            } catch (IOException e) {
                throw call.fail(e.toString(), e);
            }
        }

        /** @return the files under the directory whose keys start with the prefix, hidden ones left out */
        private static List<Map<String, Object>> list(Path root, String prefix) throws IOException {
            List<Map<String, Object>> listed = new ArrayList<>();
            if (!Files.isDirectory(root)) {
                return listed;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String key = root.relativize(file).toString().replace('\\', '/');
                    if (key.startsWith(".") || key.contains("/.") || !key.startsWith(prefix)) {
                        continue;
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("key", key);
                    entry.put("size", Files.size(file));
                    entry.put("lastModified", Files.getLastModifiedTime(file).toInstant().toString());
                    listed.add(entry);
                }
            }
            return listed;
        }

        @Override
        public Remembered remembers() {
            return objects ? Remembered.OBJECTS : Remembered.NOTHING;
        }
    }
}

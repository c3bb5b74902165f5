package dev.bindery.bindings.camel.aws.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Message;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;

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

import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code s3=<bucket>}: each new or changed object of an S3 (or S3-compatible) bucket triggers the function, found by
 * polling; objects stay where they are and what was seen is remembered in state. Output: put, get (streamed), delete
 * and list objects.
 */
public final class S3BindingKind implements CamelBindingKind {

    /** Whether an object is deleted once processed; else it stays, remembered as seen. */
    static final BindingOption<Boolean> DELETE_AFTER_READ = BindingOption.flag("delete-after-read");
    /** Only the objects whose keys start with this trigger the function. */
    static final BindingOption<String> PREFIX = BindingOption.text("prefix");
    /** How often the bucket is listed for new objects. */
    static final BindingOption<Duration> POLL_INTERVAL = BindingOption.duration("poll-interval", "5s");

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public List<BindingOption<?>> options() {
        List<BindingOption<?>> options = new ArrayList<>(AwsEndpoint.OPTIONS);
        options.addAll(List.of(DELETE_AFTER_READ, PREFIX, POLL_INTERVAL));
        return options;
    }

    @Override
    public CamelBinding parse(BindingOptions options) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("deleteAfterRead", options.value(DELETE_AFTER_READ));
        input.put("ignoreBody", true);
        input.put("delay", options.value(POLL_INTERVAL).toMillis());
        options.find(PREFIX).ifPresent(prefix -> input.put("prefix", prefix));
        return new Bucket(options.binding(), options.target(), AwsEndpoint.of(options, "aws2-s3", "bucketNameOrArn",
                true), input);
    }

    /** @return an ETag without the quotes S3 puts around it */
    static String unquote(String eTag) {
        if (eTag != null && eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")) {
            return eTag.substring(1, eTag.length() - 1);
        }
        return eTag;
    }

    /**
     * A bucket.
     *
     * @param input the input's own properties
     */
    private record Bucket(String binding, String bucket, AwsEndpoint endpoint, Map<String, Object> input)
            implements
                CamelBinding {

        @Override
        public String eventType() {
            return BindingEvents.OBJECT_CREATED;
        }

        @Override
        public String inputUri(EndpointUris uris) {
            return endpoint.uri(uris, input);
        }

        @Override
        public String outputUri(EndpointUris uris) {
            return endpoint.uri(uris, Map.of());
        }

        @Override
        public MessageReader reader(BindingEvents events) {
            return exchange -> {
                Message message = exchange.getMessage();
                String from = message.getHeader(AWS2S3Constants.BUCKET_NAME, String.class);
                Long size = message.getHeader(AWS2S3Constants.CONTENT_LENGTH, Long.class);
                StoredObject object = new StoredObject(binding, from == null ? bucket : from, message.getHeader(
                        AWS2S3Constants.KEY, String.class), size == null ? -1 : size,
                        unquote(message.getHeader(
                                AWS2S3Constants.E_TAG, String.class)),
                        message.getHeader(AWS2S3Constants.CONTENT_TYPE, String.class), BindingEvents.instant(message
                                .getHeader(AWS2S3Constants.LAST_MODIFIED)));
                return List.of(events.object(object, null));
            };
        }

        @Override
        public BindingResponse invoke(OutputCall call) {
            if (call.is("put", "create")) {
                return put(call);
            }
            if (call.is("get", "delete")) {
                String key = call.require("key");
                Message answer = call.send(call.payload(OutputCall.Body.BYTES), message -> {
                    message.setHeader(AWS2S3Constants.KEY, key);
                    message.setHeader(AWS2S3Constants.S3_OPERATION, call.is("get") ? "getObject" : "deleteObject");
                });
                Map<String, String> metadata = metadata(answer);
                if (call.is("delete")) {
                    return BindingResponse.of(null, metadata);
                }
                String contentType = answer.getHeader(AWS2S3Constants.CONTENT_TYPE, String.class);
                if (contentType != null) {
                    metadata.put("content-type", contentType);
                }
                return new BindingResponse(answer.getBody() instanceof InputStream stream ? stream : null, metadata);
            }
            if (call.is("list")) {
                Message answer = call.send(call.payload(OutputCall.Body.BYTES), message -> {
                    message.setHeader(AWS2S3Constants.S3_OPERATION, "listObjects");
                    call.metadata("prefix").ifPresent(prefix -> message.setHeader(AWS2S3Constants.PREFIX, prefix));
                });
                List<Map<String, Object>> listed = new ArrayList<>();
                if (answer.getBody() instanceof List<?> objects) {
                    objects.stream().filter(S3Object.class::isInstance).map(S3Object.class::cast).forEach(object -> {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("key", object.key());
                        entry.put("size", object.size());
                        entry.put("eTag", unquote(object.eTag()));
                        entry.put("lastModified", String.valueOf(object.lastModified()));
                        listed.add(entry);
                    });
                }
                return call.json(listed, metadata(answer));
            }
            throw call.unknown("create (put), get, delete, list");
        }

        /** The content is streamed with its length, so the SDK need not hold it in memory. */
        private BindingResponse put(OutputCall call) {
            String key = call.require("key");
            OutputCall.Payload payload = call.payload(OutputCall.Body.BYTES);
            Message answer = call.send(payload, message -> {
                message.setHeader(AWS2S3Constants.KEY, key);
                if (payload.length() >= 0) {
                    message.setHeader(AWS2S3Constants.CONTENT_LENGTH, payload.length());
                    if (payload.body() instanceof byte[] bytes) {
                        message.setBody(new ByteArrayInputStream(bytes));
                    }
                }
                message.setHeader(AWS2S3Constants.CONTENT_TYPE, call.metadata("content-type").orElse(payload
                        .contentType()));
            });
            return BindingResponse.of(null, metadata(answer));
        }

        private static Map<String, String> metadata(Message answer) {
            Map<String, String> metadata = new LinkedHashMap<>();
            String eTag = unquote(answer.getHeader(AWS2S3Constants.E_TAG, String.class));
            if (eTag != null) {
                metadata.put("etag", eTag);
            }
            String key = answer.getHeader(AWS2S3Constants.KEY, String.class);
            if (key != null) {
                metadata.put("key", key);
            }
            return metadata;
        }

        @Override
        public Remembered remembers() {
            return Remembered.OBJECTS;
        }
    }
}

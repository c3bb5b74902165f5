package dev.bindery.lambda.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.internal.http.HttpProblem;
import dev.bindery.internal.invoke.EventIds;
import dev.bindery.lambda.internal.AwsEvents.Batch;
import dev.bindery.lambda.internal.AwsEvents.Direct;
import dev.bindery.lambda.internal.AwsEvents.Events;
import dev.bindery.lambda.internal.AwsEvents.Http;
import dev.bindery.lambda.internal.AwsEvents.Item;
import dev.bindery.lambda.internal.Routing.Source;
import dev.bindery.spi.Dispatcher;
import dev.bindery.spi.Reply;

/**
 * Runs one Lambda invocation: reads the AWS event, dispatches its CloudEvents and writes the answer the source
 * expects — an API Gateway response with the HTTP ingress's status codes, {@code batchItemFailures} for SQS, Kinesis
 * and DynamoDB Streams, the reply for direct invocations — or fails the invocation so Lambda retries it.
 */
public final class LambdaInvocations {

    private static final System.Logger LOG = System.getLogger(LambdaInvocations.class.getName());
    private static final String STRUCTURED = JsonFormat.CONTENT_TYPE;

    private final Dispatcher dispatcher;
    private final AwsEvents events;
    private final Routing routing;
    private final ObjectMapper mapper;
    private final JsonFormat format = new JsonFormat();

    public LambdaInvocations(Dispatcher dispatcher, ObjectMapper mapper, Routing routing) {
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.routing = routing;
        this.events = new AwsEvents(mapper, routing);
    }

    /**
     * @return the invocation's response
     * @throws IllegalArgumentException when the event's shape is unknown or it cannot be read (the message names what
     *         was seen)
     * @throws IllegalStateException when a non-batch event failed, so Lambda retries it and then sends it to the
     *         function's on-failure destination
     */
    public byte[] handle(byte[] input) {
        AwsEvents.Invocation invocation;
        try {
            invocation = events.read(input);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Rejected a Lambda event: " + e.getMessage());
            throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.getMessage(), e);
        }
        if (invocation instanceof Http http) {
            return json(http(http));
        }
        if (invocation instanceof Batch batch) {
            return json(batch(batch));
        }
        if (invocation instanceof Events some) {
            return events(some);
        }
        Direct direct = (Direct) invocation;
        Reply reply = await(dispatcher.dispatchTo(direct.function(), direct.event()), direct.event());
        return reply.event().map(event -> event.getData() == null ? new byte[0] : event.getData().toBytes())
                .orElse(new byte[0]);
    }

    private CompletionStage<Reply> dispatch(Source source, CloudEvent event) {
        Optional<String> function = routing.function(source);
        return function.isPresent() ? dispatcher.dispatchTo(function.get(), event) : dispatcher.dispatch(event);
    }

    private Map<String, Object> batch(Batch batch) {
        List<Map<String, String>> failures = new ArrayList<>();
        boolean stopped = false;
        for (Item item : batch.items()) {
            if (stopped) {
                failures.add(Map.of("itemIdentifier", item.identifier()));
                continue;
            }
            boolean failed;
            if (item.event() == null) {
                LOG.log(Level.ERROR, "Record " + item.identifier() + " of a " + batch.source().key() + " batch could "
                        + "not be read, reported as failed: " + item.unreadable());
                failed = true;
            } else {
                try {
                    dispatch(batch.source(), item.event()).toCompletableFuture().join();
                    failed = false;
                } catch (CompletionException e) {
                    LOG.log(Level.WARNING, "Record " + item.identifier() + " failed: " + cause(e).getMessage());
                    failed = true;
                }
            }
            if (failed) {
                failures.add(Map.of("itemIdentifier", item.identifier()));
                // a FIFO queue keeps its order: the records after a failure are not processed now
                stopped = batch.stopAtFirstFailure();
            }
        }
        return Map.of("batchItemFailures", failures);
    }

    private byte[] events(Events some) {
        List<CloudEvent> replies = new ArrayList<>();
        for (CloudEvent event : some.events()) {
            await(dispatch(some.source(), event), event).event().ifPresent(replies::add);
        }
        if (some.events().size() == 1 && replies.size() == 1) {
            return format.serialize(replies.get(0));
        }
        return "{}".getBytes(StandardCharsets.UTF_8);
    }

    private Reply await(CompletionStage<Reply> stage, CloudEvent event) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = cause(e);
            throw new IllegalStateException("Event " + event.getId() + " (type " + event.getType() + ") failed: "
                    + cause.getMessage(), cause);
        }
    }

    /** An API Gateway request, answered as the HTTP ingress answers. */
    private Map<String, Object> http(Http http) {
        if (!"POST".equalsIgnoreCase(http.method())) {
            return problem(HttpProblem.of(405, "method-not-allowed", "Method not allowed",
                    "Events are POSTed; " + http.method() + " is not accepted"));
        }
        String contentType = http.headers().getOrDefault("content-type", "");
        String function = http.path().replaceAll("^/+|/+$", "");
        boolean cloudEvent = http.headers().containsKey("ce-specversion") || contentType.startsWith(STRUCTURED);
        CloudEvent event;
        try {
            if (cloudEvent) {
                MessageReader reader = HttpMessageFactory.createReader(http.headers(), http.body());
                event = reader.toEvent();
            } else {
                if (function.isEmpty() || function.contains("/")) {
                    return problem(HttpProblem.of(400, "not-a-cloudevent", "Not a CloudEvent", "The request has no "
                            + "ce-specversion header and is not application/cloudevents+json; plain JSON is accepted on "
                            + "/<function>"));
                }
                CloudEventBuilder builder = CloudEventBuilder.v1().withId(EventIds.next())
                        .withSource(URI.create(http.path())).withType(function);
                if (http.body().length > 0) {
                    builder.withData(contentType.isEmpty() ? "application/json" : contentType, http.body());
                }
                event = builder.build();
            }
        } catch (RuntimeException e) {
            return problem(HttpProblem.malformed(e));
        }
        CompletionStage<Reply> stage = function.isEmpty()
                ? dispatcher.dispatch(event)
                : dispatcher.dispatchTo(function, event);
        Reply reply;
        try {
            reply = stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            HttpProblem problem = HttpProblem.of(cause(e)).with("eventId", event.getId());
            if (problem.status() >= 500) {
                LOG.log(Level.WARNING, "Event " + event.getId() + " failed with " + problem.status() + ": "
                        + problem.detail());
            }
            return problem(problem);
        }
        if (reply.event().isEmpty()) {
            return response(cloudEvent ? 202 : 204, Map.of(), new byte[0], null);
        }
        CloudEvent out = reply.event().get();
        if (!cloudEvent) {
            String type = out.getDataContentType() == null ? "application/json" : out.getDataContentType();
            return response(200, Map.of("content-type", type), out.getData() == null
                    ? new byte[0]
                    : out.getData().toBytes(), type);
        }
        if (contentType.startsWith(STRUCTURED)) {
            return response(200, Map.of("content-type", STRUCTURED), format.serialize(out), STRUCTURED);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(headers::put, bytes -> {
            if (bytes != null) {
                body.writeBytes(bytes);
            }
        }).writeBinary(out);
        return response(200, headers, body.toByteArray(), out.getDataContentType());
    }

    private Map<String, Object> problem(HttpProblem problem) {
        try {
            return response(problem.status(), Map.of("content-type", HttpProblem.CONTENT_TYPE),
                    mapper.writeValueAsBytes(problem.body()), HttpProblem.CONTENT_TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> response(int status, Map<String, String> headers, byte[] body,
            String contentType) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", status);
        response.put("headers", headers);
        boolean text = contentType == null || contentType.contains("json") || contentType.startsWith("text/")
                || contentType.contains("xml");
        response.put("body", text
                ? new String(body, StandardCharsets.UTF_8)
                : Base64.getEncoder().encodeToString(
                        body));
        response.put("isBase64Encoded", !text);
        return response;
    }

    private byte[] json(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}

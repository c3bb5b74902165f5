package dev.bindery.lambda.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.lambda.internal.AwsEvents.Batch;
import dev.bindery.lambda.internal.AwsEvents.Direct;
import dev.bindery.lambda.internal.AwsEvents.Events;
import dev.bindery.lambda.internal.AwsEvents.Http;
import dev.bindery.lambda.internal.AwsEvents.Item;
import dev.bindery.lambda.internal.Routing.Source;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.pubsub.SubscriptionPolicies;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.HttpExchange;
import dev.bindery.spi.support.HttpExchange.Answer;
import dev.bindery.spi.support.MediaTypes;
import dev.bindery.spi.support.RetryPolicy;

/**
 * Runs one Lambda invocation: reads the AWS event, dispatches its CloudEvents and writes the answer the source
 * expects — an API Gateway response with the HTTP ingress's status codes, {@code batchItemFailures} for SQS, Kinesis
 * and DynamoDB Streams, the reply for direct invocations — or fails the invocation so Lambda retries it. A Kafka
 * record keeps its topic's delivery contract here: a retryable outcome is retried with the subscription's
 * {@link RetryPolicy}, then dead-lettered with the reason, so its partition moves on; only without a dead-letter sink
 * does a failed record fail the invocation (the records after it wait for the event source mapping's retry).
 */
public final class LambdaInvocations {

    private static final System.Logger LOG = System.getLogger(LambdaInvocations.class.getName());

    private final Dispatcher dispatcher;
    private final AwsEvents events;
    private final Routing routing;
    private final ObjectMapper mapper;
    private final JsonFormat format = new JsonFormat();
    private final HttpExchange exchange;

    /**
     * Where an invocation sends the events that can never succeed (rejected, not found, unreadable): a dead letter in
     * the core's envelope. {@link #send} throws when the destination refuses it.
     */
    @FunctionalInterface
    public interface DeadLetterSink {
        void send(CloudEvent deadLetter);
    }

    private final DeadLetterSink deadLetters;
    private final SubscriptionPolicies policies;

    /** Without a dead-letter sink: every unsuccessful record is reported failed, and its source retries it. */
    public LambdaInvocations(Dispatcher dispatcher, ObjectMapper mapper, Routing routing) {
        this(dispatcher, mapper, routing, null);
    }

    /** Kafka records are attempted once before they are dead-lettered. */
    public LambdaInvocations(Dispatcher dispatcher, ObjectMapper mapper, Routing routing, DeadLetterSink deadLetters) {
        this(dispatcher, mapper, routing, deadLetters, null);
    }

    /**
     * @param deadLetters where records that can never succeed go at once, acknowledged to their source, and Kafka
     *        records once their retries are spent; null to report them failed like any other, so the source retries
     *        them until its own redrive policy or retry limit moves them
     * @param policies the retries of a Kafka record with a retryable outcome, within the invocation, as the topic's
     *        subscription would make them; null to attempt each once
     */
    public LambdaInvocations(Dispatcher dispatcher, ObjectMapper mapper, Routing routing, DeadLetterSink deadLetters,
            SubscriptionPolicies policies) {
        this.deadLetters = deadLetters;
        this.policies = policies;
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.routing = routing;
        this.events = new AwsEvents(mapper, routing);
        this.exchange = new HttpExchange(dispatcher, mapper, DispatchRequest.LAMBDA);
    }

    /** Runs an invocation without a known time limit, as {@link #handle(byte[], LongSupplier)} does. */
    public byte[] handle(byte[] input) {
        return handle(input, null);
    }

    /**
     * The least time a Kafka record's retries leave to the rest of the invocation (the records after it, the dead
     * letter): a fifth of the time the invocation had left when it began, and at least this.
     */
    static final long RESERVE_MILLIS = 1_000;

    /**
     * @param remainingMillis the invocation's time left (Lambda's {@code Context#getRemainingTimeInMillis}), or null
     *        when unknown: a Kafka record's retries stop when the next one could not end before the invocation's last
     *        fifth (at least its last second), and the record goes to its dead letter saying so, rather than the
     *        invocation timing out with its whole batch
     * @return the invocation's response
     * @throws IllegalArgumentException when the event's shape is unknown or it cannot be read (the message names what
     *         was seen)
     * @throws IllegalStateException when a non-batch event failed, so Lambda retries it and then sends it to the
     *         function's on-failure destination
     */
    public byte[] handle(byte[] input, LongSupplier remainingMillis) {
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
            return json(batch(batch, retryDeadline(remainingMillis)));
        }
        if (invocation instanceof Events some) {
            return events(some);
        }
        Direct direct = (Direct) invocation;
        CloudEvent reply = await(dispatcher.dispatchTo(direct.function(), direct.event(), DispatchRequest.LAMBDA),
                direct.event(), null);
        return reply == null || reply.getData() == null ? new byte[0] : reply.getData().toBytes();
    }

    /** @param sender what proved the event's sender (the AWS source that delivered it), for the security stage */
    private CompletionStage<Outcome> dispatch(Source source, CloudEvent event, Credentials sender) {
        return dispatch(source, event, sender, null);
    }

    /**
     * @param topic the Kafka topic of the record, whose subscribers it goes to unless the source names a function; null
     *        for sources without topics
     */
    private CompletionStage<Outcome> dispatch(Source source, CloudEvent event, Credentials sender, String topic) {
        Optional<String> function = routing.function(source);
        DispatchRequest request;
        if (function.isPresent()) {
            request = DispatchRequest.to(function.get(), event, DispatchRequest.LAMBDA);
        } else if (topic != null) {
            request = new DispatchRequest(event, new DispatchRequest.Topic(routing.kafkaPubSub(), topic),
                    DispatchRequest.LAMBDA, Credentials.none());
        } else {
            request = DispatchRequest.routed(event, DispatchRequest.LAMBDA);
        }
        return dispatcher.dispatch(request.withCredentials(sender));
    }

    /**
     * @return when a record's retries must end, as {@link System#nanoTime()} reads it; null without a known time left
     *         (none given, or not positive: nothing Lambda would still be running)
     */
    private static Long retryDeadline(LongSupplier remainingMillis) {
        long left = remainingMillis == null ? 0 : remainingMillis.getAsLong();
        if (left <= 0) {
            return null;
        }
        long reserve = Math.max(RESERVE_MILLIS, left / 5);
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, left - reserve));
    }

    /** @param retryDeadline when a record's retries must end, or null for the whole retry policy */
    private Map<String, Object> batch(Batch batch, Long retryDeadline) {
        List<Map<String, String>> failures = new ArrayList<>();
        boolean stopped = false;
        for (Item item : batch.items()) {
            if (stopped) {
                failures.add(Map.of("itemIdentifier", item.identifier()));
                continue;
            }
            DeadLetters.Origin origin = new DeadLetters.Origin(DispatchRequest.LAMBDA, batch.source().key(),
                    item.identifier());
            boolean failed;
            if (item.event() == null) {
                LOG.log(Level.ERROR, "Record " + item.identifier() + " of a " + batch.source().key() + " batch could "
                        + "not be read: " + item.unreadable());
                failed = !deadLettered(DeadLetters.unreadable(item.record(), MediaTypes.JSON, "The record could not "
                        + "be read as an event: " + item.unreadable(), 1, origin));
            } else {
                RetryPolicy.Retried delivered = deliver(batch, item, retryDeadline);
                Outcome outcome = delivered.outcome();
                failed = !outcome.succeeded();
                if (failed) {
                    String reason = outcome.reason().orElse("unknown") + (delivered.deadlineReached()
                            ? " (retries stopped after " + delivered.attempts() + " attempt(s): the invocation's time "
                                    + "was running out)"
                            : "");
                    LOG.log(Level.WARNING, "Record " + item.identifier() + " failed after " + delivered.attempts()
                            + " attempt(s): " + reason, outcome.failure().orElse(null));
                    // a Kafka record's retries are spent here: it goes to the dead letter, so its partition moves on
                    failed = (outcome.retryable() && batch.partialResponse()) || !deadLettered(DeadLetters.of(item
                            .event(), reason, delivered.attempts(), origin));
                }
            }
            if (failed) {
                failures.add(Map.of("itemIdentifier", item.identifier()));
                // a FIFO queue keeps its order: the records after a failure are not processed now
                stopped = batch.stopAtFirstFailure();
            }
        }
        if (!batch.partialResponse() && !failures.isEmpty()) {
            // the source takes no partial answer: fail the invocation, so it retries the batch (its records that
            // succeeded come again; the idempotency stage skips them)
            throw new IllegalStateException("Records of a " + batch.source().key() + " batch failed, so the batch is "
                    + "retried: " + failures.stream().map(failure -> failure.get("itemIdentifier")).toList());
        }
        return Map.of("batchItemFailures", failures);
    }

    /**
     * Dispatches a record; a Kafka record (a batch without a partial answer: the invocation keeps the delivery contract)
     * with a retryable outcome is retried as its topic's subscription would retry it.
     */
    private RetryPolicy.Retried deliver(Batch batch, Item item, Long retryDeadline) {
        Outcome first = dispatch(batch.source(), item.event(), item.credentials(), item.topic()).toCompletableFuture()
                .join();
        if (batch.partialResponse() || policies == null || item.topic() == null) {
            return new RetryPolicy.Retried(first, 1);
        }
        RetryPolicy policy = policies.retry(routing.kafkaPubSub(), item.topic());
        Supplier<CompletionStage<Outcome>> again = () -> dispatch(batch.source(), item.event(), item.credentials(),
                item.topic());
        return (retryDeadline == null ? policy.retry(first, again) : policy.retry(first, again, retryDeadline))
                .toCompletableFuture().join();
    }

    /** @return true when the dead letter is with its destination; false without one, or when it refused it */
    private boolean deadLettered(CloudEvent deadLetter) {
        if (deadLetters == null) {
            return false;
        }
        try {
            deadLetters.send(deadLetter);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "The dead letter of event " + deadLetter.getId() + " could not be sent, so its record "
                    + "is reported failed: " + e.getMessage(), e);
            return false;
        }
    }

    private byte[] events(Events some) {
        List<CloudEvent> replies = new ArrayList<>();
        for (AwsEvents.Sent sent : some.events()) {
            CloudEvent event = sent.event();
            CloudEvent reply = await(dispatch(some.source(), event, sent.credentials()), event, new DeadLetters.Origin(
                    DispatchRequest.LAMBDA, some.source().key(), event.getId()));
            if (reply != null) {
                replies.add(reply);
            }
        }
        if (some.events().size() == 1 && replies.size() == 1) {
            return format.serialize(replies.get(0));
        }
        return "{}".getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param origin where a dead letter says the event came from; null when the caller gets the failure (a direct
     *        invocation), so nothing is dead-lettered
     * @return the reply, or null; an unsuccessful outcome fails the invocation, so Lambda retries it (then its
     *         on-failure destination takes it), unless the event can never succeed and went to the dead-letter sink
     */
    private CloudEvent await(CompletionStage<Outcome> stage, CloudEvent event, DeadLetters.Origin origin) {
        Outcome outcome = stage.toCompletableFuture().join();
        if (outcome instanceof Outcome.Replied replied) {
            return replied.reply();
        }
        if (outcome.succeeded()) {
            return null;
        }
        if (origin != null && !outcome.retryable() && deadLettered(DeadLetters.of(event, outcome.reason().orElse(
                "unknown"), 1, origin))) {
            return null;
        }
        throw new IllegalStateException("Event " + event.getId() + " (type " + event.getType() + ") failed: "
                + outcome.reason().orElse(""), outcome.failure().orElse(null));
    }

    /** An API Gateway request, answered by the same HTTP contract as the HTTP ingress. */
    private Map<String, Object> http(Http http) {
        String function = withoutOuterSlashes(http.path());
        HttpExchange.Request request = new HttpExchange.Request() {
            @Override
            public String method() {
                return http.method();
            }

            @Override
            public String path() {
                return http.path();
            }

            @Override
            public String function() {
                return function.isEmpty() || function.contains("/") ? null : function;
            }

            @Override
            public String header(String name) {
                return http.headers().get(name.toLowerCase(Locale.ROOT));
            }

            @Override
            public boolean hasCloudEventHeaders() {
                for (String name : http.headers().keySet()) {
                    if (name.startsWith("ce-")) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public byte[] body() {
                return http.body();
            }

            @Override
            public MessageReader reader() {
                return HttpMessageFactory.createReader(http.headers(), http.body());
            }

            /** API Gateway's authorizer verified the caller; without one, the headers are read as on HTTP. */
            @Override
            public Credentials credentials() {
                return http.authorizer() != null
                        ? Credentials.verified(http.authorizer())
                        : HttpExchange.Request.super.credentials();
            }
        };
        Answer answer = exchange.handle(request).toCompletableFuture().join();
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        if (answer.event() == null) {
            if (answer.contentType() != null) {
                headers.put("content-type", answer.contentType());
            }
            return response(answer.status(), headers, answer.body() == null ? new byte[0] : answer.body(),
                    answer.contentType());
        }
        CloudEvent out = answer.event();
        if (answer.structured()) {
            headers.put("content-type", HttpExchange.STRUCTURED);
            return response(answer.status(), headers, format.serialize(out), HttpExchange.STRUCTURED);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(headers::put, bytes -> {
            if (bytes != null) {
                body.writeBytes(bytes);
            }
        }).writeBinary(out);
        return response(answer.status(), headers, body.toByteArray(), out.getDataContentType());
    }

    /** @return the path without its leading and trailing slashes (no regular expression compiled per request) */
    private static String withoutOuterSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
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
}

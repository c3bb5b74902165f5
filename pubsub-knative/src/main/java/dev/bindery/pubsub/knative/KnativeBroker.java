package dev.bindery.pubsub.knative;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.smallrye.mutiny.Uni;

import dev.bindery.pubsub.PublishException;
import dev.bindery.spi.pubsub.PubSubBroker;

/**
 * Pub/sub on Knative Eventing: publishing POSTs the event in binary mode to the sink Knative injects as
 * {@code K_SINK} (a SinkBinding to the Broker), with the topic as the extension attribute {@code topic}; Triggers that
 * filter on it deliver the events to the subscribed functions over HTTP, with the Trigger's retries and dead letter.
 * A publish is retried with exponential backoff on the status codes Knative retries (404, 408, 409, 429, 5xx) and on
 * connection failures.
 */
public final class KnativeBroker implements PubSubBroker {

    /** The status codes Knative's delivery retries. */
    private static final Set<Integer> RETRYABLE = Set.of(404, 408, 409, 429);

    private final URI sink;
    private final HttpClient client;
    private final int attempts;
    private final Duration initialDelay;
    private final Duration timeout;

    public KnativeBroker(URI sink, int attempts, Duration initialDelay, Duration timeout) {
        this.sink = sink;
        this.attempts = attempts;
        this.initialDelay = initialDelay;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** Signals a response worth trying again. */
    private static final class Retryable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retryable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw,
            Map<String, String> metadata) {
        CloudEventBuilder builder = CloudEventBuilder.from(event).withExtension("topic", topic);
        if (key != null) {
            builder.withExtension("partitionkey", key);
        }
        CloudEvent published = builder.build();
        HttpRequest.Builder request = HttpRequest.newBuilder(sink).timeout(timeout);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpMessageFactory.createWriter(request::header, bytes -> {
            if (bytes != null) {
                body.writeBytes(bytes);
            }
        }).writeBinary(published);
        HttpRequest post = request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return Uni.createFrom().completionStage(() -> client.sendAsync(post, HttpResponse.BodyHandlers.ofString()))
                .onFailure().transform(failure -> new Retryable("the sink " + sink + " could not be reached: "
                        + failure.getMessage(), failure))
                .onItem().transform(response -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return (Void) null;
                    }
                    String detail = "the sink " + sink + " answered " + status;
                    if (status >= 500 || RETRYABLE.contains(status)) {
                        throw new Retryable(detail, null);
                    }
                    throw new PublishException("Event " + event.getId() + " to topic '" + topic + "': " + detail, null);
                })
                .onFailure(Retryable.class).retry().withBackOff(initialDelay, initialDelay.multipliedBy(50))
                .atMost(Math.max(0, attempts - 1))
                .onFailure(Retryable.class).transform(failure -> new PublishException("Event " + event.getId()
                        + " to topic '" + topic + "': " + failure.getMessage() + " (after " + attempts
                        + " attempts)", failure))
                .subscribeAsCompletionStage();
    }

    /**
     * Events of a topic reach the functions through Triggers on the Broker (the build generates one per
     * {@code @OnTopic} function), not through a consumer in this process.
     */
    @Override
    public Subscription subscribe(String topic, String group, Delivery delivery) {
        return () -> {
        };
    }

    @Override
    public void close() {
        // the JDK client holds no resources that need closing on Java 17
    }
}

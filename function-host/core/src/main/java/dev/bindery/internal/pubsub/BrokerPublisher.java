package dev.bindery.internal.pubsub;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.pubsub.PublishException;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.pubsub.Publisher;
import dev.bindery.spi.pubsub.PubSubBroker;

/** The {@link Publisher} of one component: wraps data in a CloudEvent and hands it to the broker, with a timeout. */
public final class BrokerPublisher implements Publisher {

    private final PubSubBroker broker;
    private final ObjectMapper mapper;
    private final URI source;
    private final Duration timeout;

    /**
     * @param source the events' source: the application id
     * @param timeout how long a blocking publish waits for the broker
     */
    public BrokerPublisher(PubSubBroker broker, ObjectMapper mapper, String source, Duration timeout) {
        this.broker = broker;
        this.mapper = mapper;
        this.source = URI.create(source);
        this.timeout = timeout;
    }

    @Override
    public String publish(String topic, Object data) {
        return publish(PublishRequest.to(topic).data(data).build());
    }

    @Override
    public String publish(PublishRequest request) {
        CompletableFuture<String> sent = publishAsync(request).toCompletableFuture();
        try {
            return sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            sent.cancel(false);
            throw new PublishException("Publishing to topic '" + request.topic() + "' got no answer from the broker "
                    + "within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PublishException pe
                    ? pe
                    : new PublishException("Publishing to topic '" + request.topic() + "' failed: "
                            + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("Publishing to topic '" + request.topic() + "' was interrupted", e);
        }
    }

    @Override
    public CompletionStage<String> publishAsync(PublishRequest request) {
        CloudEvent event;
        try {
            event = toEvent(request);
        } catch (PublishException e) {
            return CompletableFuture.failedFuture(e);
        }
        return broker.send(request.topic(), request.orderingKey().orElse(null), event, request.raw(),
                request.metadata()).thenApply(ignored -> event.getId());
    }

    @Override
    public List<PublishResult> publishBulk(List<PublishRequest> requests) {
        List<CompletableFuture<String>> sent = new ArrayList<>(requests.size());
        for (PublishRequest request : requests) {
            sent.add(publishAsync(request).toCompletableFuture());
        }
        List<PublishResult> results = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                results.add(new PublishResult(sent.get(i).get(timeout.toMillis(), TimeUnit.MILLISECONDS), null));
            } catch (Exception e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                results.add(new PublishResult(null, cause instanceof PublishException pe
                        ? pe
                        : new PublishException("Publishing to topic '" + requests.get(i).topic() + "' failed: "
                                + cause, cause)));
            }
        }
        return results;
    }

    CloudEvent toEvent(PublishRequest request) {
        return PublishedEvents.build(request, source, mapper);
    }
}

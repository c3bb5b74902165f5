package dev.bindery.internal.pubsub;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.smallrye.mutiny.Uni;

import dev.bindery.internal.routing.EventFilter;
import dev.bindery.spi.DeliveryListener;
import dev.bindery.spi.DispatchException;
import dev.bindery.spi.Dispatcher;
import dev.bindery.spi.PubSubBroker;
import dev.bindery.spi.PubSubBroker.Message;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateStore;

/**
 * The delivery contract of a topic subscription, the same on every broker: route the event to the subscribed
 * function, retry a retryable failure with backoff (Mutiny), then — or at once for a rejected or invalid event — send
 * it to the dead-letter topic with the reason, attempts, original topic, partition and offset as extension attributes.
 * The broker commits the event only when this completes normally, so an event is never lost: if even the dead-letter
 * publish fails, the event is delivered again. With an idempotency store, an event already processed (same
 * {@code source} and {@code id}) is skipped.
 */
public final class SubscriptionDelivery implements PubSubBroker.Delivery {

    /** A function subscribed to the topic, with its filters (empty: every event of the topic). */
    public record Subscriber(String function, List<EventFilter> filters) {
    }

    private final String group;
    private final List<Subscriber> subscribers;
    private final Dispatcher dispatcher;
    private final PubSubBroker broker;
    private final String deadLetterTopic;
    private final RetryPolicy retry;
    private final StateStore idempotency;
    private final Duration idempotencyTtl;
    private final DeliveryListener listener;

    /**
     * @param idempotency where processed events are remembered, or null to deliver duplicates
     * @param listener told of every event's progress (metrics)
     */
    public SubscriptionDelivery(String group, List<Subscriber> subscribers, Dispatcher dispatcher, PubSubBroker broker,
            String deadLetterTopic, RetryPolicy retry, StateStore idempotency, Duration idempotencyTtl,
            DeliveryListener listener) {
        this.group = group;
        this.subscribers = List.copyOf(subscribers);
        this.dispatcher = dispatcher;
        this.broker = broker;
        this.deadLetterTopic = deadLetterTopic;
        this.retry = retry;
        this.idempotency = idempotency;
        this.idempotencyTtl = idempotencyTtl;
        this.listener = listener;
    }

    @Override
    public CompletionStage<Void> deliver(Message message) {
        listener.received();
        CloudEvent event = message.event();
        String seenKey = idempotency == null
                ? null
                : "processed/" + group + "/" + event.getSource() + "/" + event.getId();
        if (seenKey != null && idempotency.get(seenKey).isPresent()) {
            listener.acknowledged();
            return CompletableFuture.completedFuture(null);
        }
        String function = route(event);
        if (function == null) {
            return deadLetter(message, "No subscriber of topic '" + message.topic() + "' matches event type '"
                    + event.getType() + "'", 0);
        }
        // the first attempt goes straight to the function; only a failure pays for the retry machinery
        return dispatcher.dispatchTo(function, event).handle((reply, failure) -> failure).thenCompose(failure -> {
            if (failure == null) {
                return processed(seenKey);
            }
            if (!retryable(failure) || retry.attempts() == 1) {
                return deadLetter(message, reason(failure), 1);
            }
            return retried(message, function, seenKey);
        });
    }

    /** Attempts 2 to {@code attempts}, with exponential backoff and jitter (Mutiny), then the dead-letter topic. */
    private CompletionStage<Void> retried(Message message, String function, String seenKey) {
        AtomicInteger attempts = new AtomicInteger(1);
        Uni<Object> again = Uni.createFrom().completionStage(() -> {
            attempts.incrementAndGet();
            listener.retried();
            return dispatcher.dispatchTo(function, message.event());
        })
                .onFailure(SubscriptionDelivery::retryable).retry()
                .withBackOff(retry.initialDelay(), retry.maxDelay()).atMost(retry.attempts() - 2L)
                .map(reply -> (Object) reply);
        return Uni.createFrom().voidItem().onItem().delayIt().by(retry.initialDelay())
                .onItem().transformToUni(ignored -> again)
                .subscribeAsCompletionStage()
                .handle((reply, failure) -> failure)
                .thenCompose(failure -> failure == null
                        ? processed(seenKey)
                        : deadLetter(message, reason(failure), attempts.get()));
    }

    private CompletionStage<Void> processed(String seenKey) {
        if (seenKey != null) {
            remember(seenKey);
        }
        listener.acknowledged();
        return CompletableFuture.completedFuture(null);
    }

    private void remember(String seenKey) {
        try {
            idempotency.save(seenKey, true, SaveOptions.NONE.withTtl(idempotencyTtl));
        } catch (RuntimeException e) {
            // the event was processed; a later duplicate would be processed again, which at-least-once allows
        }
    }

    private String route(CloudEvent event) {
        Subscriber best = null;
        EventFilter bestFilter = null;
        Subscriber catchAll = null;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.filters().isEmpty()) {
                catchAll = catchAll == null ? subscriber : catchAll;
                continue;
            }
            for (EventFilter filter : subscriber.filters()) {
                if (filter.matches(event) && (bestFilter == null || EventFilter.SPECIFICITY.compare(filter, bestFilter) > 0)) {
                    best = subscriber;
                    bestFilter = filter;
                }
            }
        }
        Subscriber chosen = best != null ? best : catchAll;
        return chosen == null ? null : chosen.function();
    }

    private static boolean retryable(Throwable failure) {
        Throwable cause = unwrap(failure);
        return !(cause instanceof DispatchException dispatch) || dispatch.retryable();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof DispatchException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String reason(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    }

    private CompletionStage<Void> deadLetter(Message message, String reason, int attempts) {
        CloudEvent dead = CloudEventBuilder.from(message.event())
                .withExtension("dlqreason", reason)
                .withExtension("dlqattempts", attempts)
                .withExtension("dlqtopic", message.topic())
                .withExtension("dlqpartition", message.partition())
                .withExtension("dlqoffset", Long.toString(message.offset()))
                .build();
        return broker.send(deadLetterTopic, message.key(), dead, false, java.util.Map.of()).whenComplete((sent, failure) -> {
            if (failure == null) {
                listener.deadLettered();
            } else {
                listener.failed();
            }
        });
    }
}

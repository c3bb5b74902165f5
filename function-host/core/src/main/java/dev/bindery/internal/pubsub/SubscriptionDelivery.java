package dev.bindery.internal.pubsub;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;

import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.pubsub.PubSubBroker.Message;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.RetryPolicy;

/**
 * The delivery contract of a topic subscription, the same on every broker: dispatch the event to the topic's
 * subscribers (routed by the Dispatcher's one route table), retry a retryable outcome with backoff ({@link RetryPolicy#retry}), then — or
 * at once for any other unsuccessful outcome — send it to the dead-letter topic in the one dead-letter envelope
 * ({@link DeadLetters}). A message the broker could not read as an event goes there at once, as a
 * {@value DeadLetters#UNREADABLE_TYPE} event holding its bytes and the reason. The broker commits the event only when
 * this completes normally, so an event is never lost: if even the dead-letter publish fails, the event is delivered
 * again. Idempotency is the Dispatcher's stage.
 * <p>
 * The dispatch carries the message's {@link Credentials} for the security stage. A message that carries none is sent as
 * the component's {@code uncredentialed} caller when the component names one (the broker's own authentication vouches
 * for whoever could write to the topic); otherwise it stays without a credential, and with security on it is denied as
 * unauthenticated and dead-lettered at once with the reason, like every denial.
 */
public final class SubscriptionDelivery implements PubSubBroker.Delivery {

    private static final System.Logger LOG = System.getLogger(SubscriptionDelivery.class.getName());

    private final String pubsub;
    private final Dispatcher dispatcher;
    private final PubSubBroker broker;
    private final String deadLetterTopic;
    private final RetryPolicy retry;
    private final DeliveryListener listener;
    private final Credentials uncredentialed;

    /** A subscription whose messages without a credential stay without one. */
    public SubscriptionDelivery(String pubsub, Dispatcher dispatcher, PubSubBroker broker, String deadLetterTopic,
            RetryPolicy retry, DeliveryListener listener) {
        this(pubsub, dispatcher, broker, deadLetterTopic, retry, listener, null);
    }

    /**
     * @param pubsub the component the subscription belongs to (its topic's routes are looked up by it)
     * @param listener told of every event's progress (metrics)
     * @param uncredentialed the caller a message without any credential is taken to come from, or null to leave it
     *        unauthenticated; a message with a credential, even a malformed one, is never given it
     */
    public SubscriptionDelivery(String pubsub, Dispatcher dispatcher, PubSubBroker broker, String deadLetterTopic,
            RetryPolicy retry, DeliveryListener listener, Caller uncredentialed) {
        this.pubsub = pubsub;
        this.dispatcher = dispatcher;
        this.broker = broker;
        this.deadLetterTopic = deadLetterTopic;
        this.retry = retry;
        this.listener = listener;
        this.uncredentialed = uncredentialed == null ? null : Credentials.verified(uncredentialed);
    }

    @Override
    public CompletionStage<Void> deliver(Message message) {
        listener.received();
        if (message.unreadable() != null) {
            return unreadable(message);
        }
        DispatchRequest request = DispatchRequest.topic(pubsub, message.topic(), message.event())
                .withCredentials(uncredentialed != null && message.credentials() instanceof Credentials.None
                        ? uncredentialed
                        : message.credentials());
        // the first attempt goes straight to the function; only a failure pays for the retry machinery
        return dispatcher.dispatch(request).thenCompose(outcome -> {
            if (outcome.succeeded()) {
                return processed();
            }
            if (!outcome.retryable() || retry.attempts() == 1) {
                return deadLetter(message, outcome, 1);
            }
            return retried(message, request, outcome);
        });
    }

    /** Attempts 2 to {@code attempts}, with exponential backoff and jitter, then the dead-letter topic. */
    private CompletionStage<Void> retried(Message message, DispatchRequest request, Outcome first) {
        return retry.retry(first, () -> {
            listener.retried();
            return dispatcher.dispatch(request);
        }).thenCompose(retried -> retried.outcome().succeeded()
                ? processed()
                : deadLetter(message, retried.outcome(), retried.attempts()));
    }

    private CompletionStage<Void> processed() {
        listener.acknowledged();
        return CompletableFuture.completedFuture(null);
    }

    /** A message that is not a readable event can never succeed: to the dead-letter topic at once, with its bytes. */
    private CompletionStage<Void> unreadable(Message message) {
        PubSubBroker.Unreadable what = message.unreadable();
        DeadLetters.Origin origin = origin(message);
        LOG.log(System.Logger.Level.WARNING, "The message at " + origin + " is not a readable event (" + what.reason()
                + "); it goes to the dead-letter topic '" + deadLetterTopic + "'");
        return deadLetter(message, DeadLetters.unreadable(what.bytes(), what.contentType(), what.reason(), 1, origin));
    }

    private static DeadLetters.Origin origin(Message message) {
        return new DeadLetters.Origin(DispatchRequest.PUBSUB, message.topic(),
                message.partition() + "/" + message.offset());
    }

    private CompletionStage<Void> deadLetter(Message message, Outcome outcome, int attempts) {
        return deadLetter(message, DeadLetters.of(message.event(), outcome.reason().orElse("unknown"), attempts,
                origin(message)));
    }

    private CompletionStage<Void> deadLetter(Message message, CloudEvent letter) {
        return broker.send(deadLetterTopic, message.key(), letter, false, Map.of())
                .whenComplete((sent, failure) -> {
                    if (failure == null) {
                        listener.deadLettered();
                    } else {
                        listener.failed();
                    }
                });
    }
}

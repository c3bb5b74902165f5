package dev.bindery.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.pubsub.SubscriptionDelivery;
import dev.bindery.spi.pubsub.PubSubBroker;

/**
 * The {@link TransportContract} on a pub/sub broker: the canonical functions subscribed to this test's topic through
 * the host's {@link SubscriptionDelivery} (retries, then the dead-letter topic {@code <topic>-dlq}), events published
 * with the broker's own {@code send}. A topic has no way back to the publisher, so replies are not carried.
 */
public abstract class PubSubConformance extends TransportContract {

    private final CountingDeliveries told = new CountingDeliveries();
    private final List<CloudEvent> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private final List<PubSubBroker.Subscription> subscriptions = new ArrayList<>();

    /** @return the broker under test */
    protected abstract PubSubBroker broker();

    @AfterEach
    void unsubscribe() {
        subscriptions.forEach(PubSubBroker.Subscription::close);
    }

    @Override
    protected boolean carriesReplies() {
        return false;
    }

    private void subscribe() {
        if (subscriptions.isEmpty()) {
            String deadLetterTopic = topic() + "-dlq";
            subscriptions.add(broker().subscribe(deadLetterTopic, "observer", message -> {
                deadLetters.add(message.event());
                return CompletableFuture.completedFuture(null);
            }));
            subscriptions.add(broker().subscribe(topic(), "app", new SubscriptionDelivery(PUBSUB, dispatcher(),
                    broker(), deadLetterTopic, RETRIES, told)));
        }
    }

    @Override
    protected Observation deliver(Case c, CloudEvent event) throws Exception {
        subscribe();
        return watched(told, () -> broker().send(topic(), event.getId(), event, false, Map.of())
                .toCompletableFuture().get(30, TimeUnit.SECONDS), () -> letter(event.getId()));
    }

    private CloudEvent letter(String id) {
        synchronized (deadLetters) {
            return deadLetters.stream().filter(letter -> letter.getId().equals(id)).findFirst().orElse(null);
        }
    }
}

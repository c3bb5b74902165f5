package dev.bindery.runtime.internal;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;

import dev.bindery.spi.pubsub.PubSubBroker;

/**
 * A component's broker that can be replaced while publishers hold it: after a secret its configuration references is
 * rotated, publishes go to the broker built with the new value.
 */
final class RotatablePubSubBroker implements PubSubBroker {

    private volatile PubSubBroker current;

    RotatablePubSubBroker(PubSubBroker current) {
        this.current = current;
    }

    /** @return the broker replaced, for the caller to close once what it sent has been sent */
    PubSubBroker replace(PubSubBroker fresh) {
        PubSubBroker previous = current;
        current = fresh;
        return previous;
    }

    @Override
    public CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw,
            Map<String, String> metadata) {
        return current.send(topic, key, event, raw, metadata);
    }

    @Override
    public void ensureTopic(String topic) {
        current.ensureTopic(topic);
    }

    @Override
    public Subscription subscribe(String topic, String group, Delivery delivery) {
        return current.subscribe(topic, group, delivery);
    }

    @Override
    public void close() {
        current.close();
    }
}

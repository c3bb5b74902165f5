package dev.bindery.spi.pubsub;

import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;

/**
 * What a message broker (in-memory, Kafka, …) implements for pub/sub. The host keeps the delivery contract on top of
 * it — retries with backoff, the dead-letter topic, idempotency — so every broker behaves alike. A broker only has to:
 * <ul>
 * <li>keep the events of one key in one partition, in order;</li>
 * <li>hand each subscription the events of a partition one at a time, the next only after the previous delivery's
 * stage completed;</li>
 * <li>commit an event only when its delivery completed normally; when it completed exceptionally, deliver the same
 * event again later (not the next one), so a failing event holds back only its own partition.</li>
 * </ul>
 */
public interface PubSubBroker extends AutoCloseable {

    /**
     * An event as the broker carries it.
     *
     * @param event the CloudEvent; for an event published raw, one the broker made around the bytes
     * @param raw true when the event was published without the CloudEvents envelope
     */
    record Message(String topic, int partition, long offset, String key, CloudEvent event, boolean raw) {
    }

    /** Receives a subscription's events; the stage's outcome is the event's outcome (commit, or deliver again). */
    @FunctionalInterface
    interface Delivery {
        CompletionStage<Void> deliver(Message message);
    }

    /** A running subscription. */
    interface Subscription extends AutoCloseable {
        /** Stops delivering; events whose delivery completed are committed, the others are delivered again later. */
        @Override
        void close();

        /**
         * @return how many of the topic's events this member's partitions still have to consume (the consumer lag),
         *         or -1 when the broker cannot tell
         */
        default long lag() {
            return -1;
        }
    }

    /**
     * Sends an event.
     *
     * @param key the ordering key, or null to spread events over partitions
     * @param raw true to send only the event's data, without the envelope
     * @param metadata broker-specific metadata (for Kafka: record headers)
     * @return completes when the broker has the event
     */
    CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw, Map<String, String> metadata);

    /**
     * Starts delivering the topic's uncommitted events to the consumer group.
     *
     * @param group the consumer group: members share the partitions, committed offsets are kept per group
     */
    Subscription subscribe(String topic, String group, Delivery delivery);

    @Override
    void close();
}

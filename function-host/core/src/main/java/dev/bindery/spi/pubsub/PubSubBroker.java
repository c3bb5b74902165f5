package dev.bindery.spi.pubsub;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;

import dev.bindery.spi.dispatch.Credentials;

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
     * An event as the broker carries it, or a message the broker could not read as one.
     *
     * @param event the CloudEvent; for an event published raw, one the broker made around the bytes; null when
     *        {@code unreadable} is set
     * @param raw true when the event was published without the CloudEvents envelope
     * @param unreadable what the broker received when it was not a readable event (such as a Kafka record whose
     *        {@code ce_} headers do not make a valid CloudEvent), else null; the host dead-letters such a message at
     *        once, without dispatching it, and its delivery completes normally once the dead letter is sent
     * @param credentials what the message carried of its sender, for the security stage: a token from the message's
     *        headers ({@link Credentials#fromHeaders}), a caller the broker verified itself (an in-process broker's
     *        events are the application's own), or {@link Credentials#none()} (the default; null is read as none).
     *        The credential travels next to the event, never in it, so it is not copied into a dead letter.
     */
    record Message(String topic, int partition, long offset, String key, CloudEvent event, boolean raw,
            Unreadable unreadable, Credentials credentials) {

        /** Reads a null credential as none. */
        public Message {
            credentials = credentials == null ? Credentials.none() : credentials;
        }

        /** A message without a credential. */
        public Message(String topic, int partition, long offset, String key, CloudEvent event, boolean raw,
                Unreadable unreadable) {
            this(topic, partition, offset, key, event, raw, unreadable, Credentials.none());
        }

        /** A readable event without a credential. */
        public Message(String topic, int partition, long offset, String key, CloudEvent event, boolean raw) {
            this(topic, partition, offset, key, event, raw, null, Credentials.none());
        }

        /** @return a message that is not a readable event */
        public static Message unreadable(String topic, int partition, long offset, String key, Unreadable what) {
            return new Message(topic, partition, offset, key, null, false, what, Credentials.none());
        }

        /** @return a copy carrying the sender's credential */
        public Message withCredentials(Credentials presented) {
            return new Message(topic, partition, offset, key, event, raw, unreadable, presented);
        }
    }

    /**
     * A message that is not a readable event.
     *
     * @param bytes the message's body as received (may be empty, never null)
     * @param contentType its declared content type, or null
     * @param reason why it could not be read, such as the CloudEvents SDK's message
     */
    record Unreadable(byte[] bytes, String contentType, String reason) {
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

        /**
         * Whether the subscription is delivering: a broker whose consumer can stop (fail, and restart with backoff)
         * reports why here until it delivers again; readiness reports the subscription DOWN with this reason meanwhile,
         * and {@link #lag()} is then -1. Non-blocking, safe from any thread.
         *
         * @return why the subscription is not delivering now, empty while it is
         */
        default Optional<String> failure() {
            return Optional.empty();
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
     * Makes sure the topic exists, creating it with the broker's defaults when it is missing, for brokers whose topics
     * are created ahead (Kafka without automatic creation). The host calls it for each subscription's dead-letter
     * topic, so dead letters do not rely on the broker creating topics on first use. Blocking; idempotent; a broker
     * without such topics does nothing.
     *
     * @throws IllegalStateException naming the topic, when it is missing and cannot be created (no permission, the
     *         cluster unreachable)
     */
    default void ensureTopic(String topic) {
    }

    /**
     * Starts delivering the topic's uncommitted events to the consumer group.
     *
     * @param group the consumer group: members share the partitions, committed offsets are kept per group
     */
    Subscription subscribe(String topic, String group, Delivery delivery);

    @Override
    void close();
}

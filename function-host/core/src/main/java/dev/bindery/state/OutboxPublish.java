package dev.bindery.state;

import java.util.Objects;

import dev.bindery.pubsub.PublishRequest;

/**
 * An event that a state transaction publishes (the transactional outbox): give it to
 * {@link StateStore#transact(java.util.List, java.util.List)} with the transaction's operations. Immutable.
 * <p>
 * The event is stored in the same atomic write as the operations, so it is published if and only if the transaction
 * commits. The host then relays it to the pub/sub component at least once, with the id and time assigned at
 * {@code transact} time, so subscribers with idempotency on ({@code source} + {@code id}) apply a relayed duplicate
 * once.
 */
public final class OutboxPublish {

    /** The component a plain {@code @Inject Publisher} publishes to. */
    public static final String DEFAULT_PUBSUB = "default";

    private final String pubsub;
    private final PublishRequest request;

    private OutboxPublish(String pubsub, PublishRequest request) {
        if (pubsub == null || pubsub.isBlank()) {
            throw new IllegalArgumentException("An outbox publish needs the name of a pub/sub component");
        }
        this.pubsub = pubsub;
        this.request = Objects.requireNonNull(request, "request");
    }

    /** @return the event, to be published to the {@code default} pub/sub component */
    public static OutboxPublish of(PublishRequest request) {
        return new OutboxPublish(DEFAULT_PUBSUB, request);
    }

    /**
     * @param pubsub the component's name, as in {@code bindery.pubsub.<name>.*}
     * @return the event, to be published to that component
     */
    public static OutboxPublish on(String pubsub, PublishRequest request) {
        return new OutboxPublish(pubsub, request);
    }

    /** @return the pub/sub component the event goes to */
    public String pubsub() {
        return pubsub;
    }

    /** @return the event: topic, data, type, subject, extensions, ordering key, metadata and raw flag */
    public PublishRequest request() {
        return request;
    }
}

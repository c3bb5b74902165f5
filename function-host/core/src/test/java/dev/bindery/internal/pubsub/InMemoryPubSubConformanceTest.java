package dev.bindery.internal.pubsub;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;

import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.testing.PubSubConformance;

/** The transport conformance contract on the in-memory pub/sub broker. */
class InMemoryPubSubConformanceTest extends PubSubConformance {

    private final InMemoryPubSubBroker broker = new InMemoryPubSubBroker(4, Duration.ofMillis(50));

    @AfterEach
    void close() {
        broker.close();
    }

    @Override
    protected PubSubBroker broker() {
        return broker;
    }
}

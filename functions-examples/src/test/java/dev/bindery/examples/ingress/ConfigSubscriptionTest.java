package dev.bindery.examples.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.pubsub.Publisher;
import dev.bindery.state.StateStore;

/** A function without @OnTopic subscribed by configuration ({@code bindery.functions.tally.topic}). */
@QuarkusTest
class ConfigSubscriptionTest {

    @Inject
    Publisher publisher;

    @Inject
    StateStore state;

    @Test
    void aFunctionSubscribedInConfigurationReceivesTheTopicsEvents() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        publisher.publish("tallies", Map.of("id", id, "count", 3));

        long deadline = System.currentTimeMillis() + 30_000;
        while (state.get("tally/" + id).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(state.get("tally/" + id)).isPresent();
        assertThat(state.get("tally/" + id).get().value(Map.class)).containsEntry("count", 3);
    }
}

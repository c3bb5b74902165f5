package dev.bindery.examples.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.pubsub.Publisher;
import dev.bindery.state.StateStore;

/**
 * {@code @Delivery(retryAttempts)} sets a subscription's deliveries in all in the host, as it sets the Knative
 * Triggers' {@code retry}.
 */
@QuarkusTest
class DeliveryAnnotationTest {

    @Inject
    Publisher publisher;

    @Inject
    StateStore state;

    @Test
    void aFailingFunctionIsDeliveredAsManyTimesAsItsDeliveryAnnotationSaysThenDeadLettered()
            throws InterruptedException {
        String id = UUID.randomUUID().toString();
        publisher.publish(DeliveryFunctions.TOPIC, Map.of("id", id));

        long deadline = System.currentTimeMillis() + 30_000;
        while (state.get("flaky-dlq/" + id).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(state.get("flaky-dlq/" + id)).as("the dead letter arrived").isPresent();
        assertThat(state.get("flaky-dlq/" + id).get().value(Map.class)).containsEntry("attempts", "2");
    }
}

package dev.bindery.examples.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.pubsub.Publisher;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.pubsub.SubscriptionPolicies;
import dev.bindery.spi.support.RetryPolicy;
import dev.bindery.state.StateStore;

/**
 * {@code @Delivery(retryAttempts)} sets a subscription's deliveries in all in the host, as it sets the Knative
 * Triggers' {@code retry}; {@link SubscriptionPolicies} gives a transport handed the records by someone else (Lambda's
 * Kafka source) the same retries.
 */
@QuarkusTest
class DeliveryAnnotationTest {

    @Inject
    Publisher publisher;

    @Inject
    StateStore state;

    @Inject
    SubscriptionPolicies policies;

    @Inject
    BinderyConfig config;

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

    @Test
    void theSubscriptionPoliciesGiveEachTopicTheRetriesItsOwnConsumerMakes() {
        BinderyConfig.PubSub component = config.pubsub().get("default");
        assertThat(policies.retry("default", DeliveryFunctions.TOPIC)).as("@Delivery on the subscriber")
                .isEqualTo(new RetryPolicy(2, Duration.ofMillis(10), component.retryMaxDelay()));
        assertThat(policies.retry("default", "tallies")).as("bindery.functions.tally.retry-attempts")
                .isEqualTo(new RetryPolicy(2, component.retryInitialDelay(), component.retryMaxDelay()));
        assertThat(policies.retry("default", "nobody-subscribes")).as("no subscriber: the component's own")
                .isEqualTo(new RetryPolicy(component.retryAttempts(), component.retryInitialDelay(),
                        component.retryMaxDelay()));
        assertThat(component.retryAttempts()).as("the component's own differ from the subscribers'").isNotEqualTo(2);
        assertThat(policies.subscribes("default")).isTrue();
        assertThat(policies.subscribes("no-such-component")).isFalse();
    }
}

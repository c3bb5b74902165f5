package dev.bindery.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bindery.spi.pubsub.SubscriptionPolicies;
import dev.bindery.spi.support.RetryPolicy;

class RoutingTest {

    /** Functions subscribe with component {@code default} only. */
    private static final SubscriptionPolicies SUBSCRIBED = new SubscriptionPolicies() {
        @Override
        public RetryPolicy retry(String pubsub, String topic) {
            return RetryPolicy.DEFAULT;
        }

        @Override
        public boolean subscribes(String pubsub) {
            return Set.of("default").contains(pubsub);
        }
    };

    @Test
    void aKafkaSourceRoutedToAComponentWithoutSubscribersIsWarnedOf() {
        assertThat(new Routing(Map.of("kafka.pubsub", "orders")).unsubscribedKafka(SUBSCRIBED)).hasValueSatisfying(
                warning -> assertThat(warning).contains("pub/sub 'orders'", "bindery.lambda.kafka.pubsub",
                        "bindery.lambda.kafka.function"));
        assertThat(new Routing(Map.of("sam.source.kafka", "orders", "kafka.pubsub", "audit")).unsubscribedKafka(
                SUBSCRIBED)).as("the template's topics, read by component audit").isPresent();
    }

    @Test
    void aKafkaSourceWithSubscribersARoutedFunctionOrNoKafkaSourceIsNot() {
        assertThat(new Routing(Map.of("kafka.pubsub", "default")).unsubscribedKafka(SUBSCRIBED)).isEmpty();
        assertThat(new Routing(Map.of("kafka.pubsub", "orders", "kafka.function", "greet")).unsubscribedKafka(
                SUBSCRIBED)).isEmpty();
        assertThat(new Routing(Map.of()).unsubscribedKafka(SUBSCRIBED)).isEmpty();
    }
}

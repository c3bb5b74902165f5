package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the kafka short form expands to a Camel endpoint, and how a missing broker list is refused. */
class KafkaBindingKindTest {

    @RegisterExtension
    static final KindEndpoints endpoints = new KindEndpoints();

    @Test
    void aTopicIsReadAsAQueueByTheApplicationsGroupFromTheStart() {
        KafkaConfiguration events = endpoints.input(KafkaEndpoint.class, "events", "kafka", "events", "brokers",
                "k1:9092,k2:9092").getConfiguration();

        assertThat(events.getTopic()).isEqualTo("events");
        assertThat(events.getBrokers()).isEqualTo("k1:9092,k2:9092");
        assertThat(events.getGroupId()).isEqualTo("app");
        assertThat(events.getAutoOffsetReset()).isEqualTo("earliest");
        assertThat(events.isBreakOnFirstError()).isTrue();
        assertThat(endpoints.input(KafkaEndpoint.class, "events", "kafka", "events", "brokers", "k:9092", "group",
                "billing").getConfiguration().getGroupId()).isEqualTo("billing");
    }

    @Test
    void theBrokersMustBeGiven() {
        assertThatThrownBy(() -> KindEndpoints.spec("b", "kafka", "t"))
                .hasMessage("bindery.bindings.b.brokers is missing: the Kafka bootstrap servers");
    }
}

package dev.bindery.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bindery.options.EngineOptions;
import dev.bindery.spi.pubsub.BrokerSettings;

/** A kafka component's options: typed, defaulted once, wrong, missing and unknown ones refused by name. */
class KafkaOptionsTest {

    private static final String PREFIX = "bindery.pubsub.orders";

    @Test
    void optionsNotGivenTakeTheirDefaultsAndClientPropertiesPassThrough() {
        KafkaOptions options = EngineOptions.read(KafkaOptions.class, PREFIX, Map.of("bootstrap-servers",
                "k1:9092,k2:9092", "kafka.security.protocol", "SASL_SSL", "kafka.sasl.mechanism", "PLAIN"));

        assertThat(options.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(options.redeliveryPauseMs()).isEqualTo(1000);
        assertThat(options.kafka()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"));
    }

    @Test
    void theBootstrapServersAreRequired() {
        assertThatThrownBy(() -> open(Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.pubsub.orders.bootstrap-servers");
    }

    @Test
    void aWrongValueNamesTheOption() {
        assertThatThrownBy(() -> open(Map.of("bootstrap-servers", "k1:9092", "redelivery-pause-ms", "1s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.pubsub.orders.redelivery-pause-ms")
                .hasMessageContaining("1s");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> open(Map.of("bootstrap-servers", "k1:9092", "bootstrap.servers", "k1:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.pubsub.orders.bootstrap.servers is not a known option")
                .hasMessageContaining("bootstrap-servers, instance-id, kafka.*, redelivery-pause-ms");
    }

    private static void open(Map<String, String> options) {
        new KafkaPubSubBrokerProvider().open(new BrokerSettings("orders", Duration.ofSeconds(10), options)).close();
    }
}

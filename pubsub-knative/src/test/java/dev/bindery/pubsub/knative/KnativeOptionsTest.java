package dev.bindery.pubsub.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bindery.options.EngineOptions;
import dev.bindery.spi.pubsub.BrokerSettings;

/** A knative component's options: typed, defaulted once, wrong and unknown ones refused by name. */
class KnativeOptionsTest {

    private static final String PREFIX = "bindery.pubsub.events";

    @Test
    void optionsNotGivenTakeTheirDefaults() {
        KnativeOptions options = EngineOptions.read(KnativeOptions.class, PREFIX, Map.of());

        assertThat(options.sink()).isEmpty();
        assertThat(options.publishAttempts()).isEqualTo(5);
        assertThat(options.publishInitialDelayMs()).isEqualTo(100);
    }

    @Test
    void givenOptionsAreRead() {
        KnativeOptions options = EngineOptions.read(KnativeOptions.class, PREFIX,
                Map.of("sink", "http://broker.local/default/default", "publish-attempts", "2"));

        assertThat(options.sink()).contains(URI.create("http://broker.local/default/default"));
        assertThat(options.publishAttempts()).isEqualTo(2);
    }

    @Test
    void aWrongValueNamesTheOption() {
        assertThatThrownBy(() -> open(Map.of("sink", "http://broker.local", "publish-attempts", "often")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.pubsub.events.publish-attempts")
                .hasMessageContaining("often");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> open(Map.of("sink", "http://broker.local", "publish-timeout-ms", "500")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.pubsub.events.publish-timeout-ms is not a known option")
                .hasMessageContaining("publish-attempts, publish-initial-delay-ms, sink");
    }

    private static void open(Map<String, String> options) {
        new KnativeBrokerProvider().open(new BrokerSettings("events", Duration.ofSeconds(10), options)).close();
    }
}

package dev.bindery.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

class EngineOptionsTest {

    /** An engine's options, as an engine declares them. */
    @ConfigMapping
    interface SampleOptions {

        /** Required. */
        String servers();

        /** Has a default. */
        @WithDefault("4")
        int partitions();

        /** Optional. */
        Optional<String> label();

        /** A group. */
        Tls tls();

        /** Passed through, any key. */
        @WithName("client")
        Map<String, String> client();

        /** A group. */
        interface Tls {

            /** Has a default. */
            @WithDefault("false")
            boolean enabled();
        }
    }

    @Test
    void optionsNotGivenTakeTheirDefaults() {
        SampleOptions options = EngineOptions.read(SampleOptions.class, "bindery.pubsub.orders",
                Map.of("servers", "a:1"));

        assertThat(options.servers()).isEqualTo("a:1");
        assertThat(options.partitions()).isEqualTo(4);
        assertThat(options.label()).isEmpty();
        assertThat(options.tls().enabled()).isFalse();
        assertThat(options.client()).isEmpty();
    }

    @Test
    void givenOptionsAreReadIncludingGroupsAndDottedMapKeys() {
        SampleOptions options = EngineOptions.read(SampleOptions.class, "bindery.pubsub.orders", Map.of("servers",
                "a:1", "partitions", "8", "tls.enabled", "true", "client.session.timeout.ms", "10000"));

        assertThat(options.partitions()).isEqualTo(8);
        assertThat(options.tls().enabled()).isTrue();
        assertThat(options.client()).containsExactly(Map.entry("session.timeout.ms", "10000"));
    }

    @Test
    void aWrongValueNamesTheOption() {
        assertThatThrownBy(() -> EngineOptions.read(SampleOptions.class, "bindery.pubsub.orders",
                Map.of("servers", "a:1", "partitions", "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.pubsub.orders.partitions")
                .hasMessageContaining("many");
    }

    @Test
    void aMissingRequiredOptionIsNamed() {
        assertThatThrownBy(() -> EngineOptions.read(SampleOptions.class, "bindery.pubsub.orders", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.pubsub.orders.servers");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> EngineOptions.read(SampleOptions.class, "bindery.pubsub.orders",
                Map.of("servers", "a:1", "partition", "8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.pubsub.orders.partition is not a known option")
                .hasMessageContaining("partitions, servers, tls.enabled");
    }
}

package dev.bindery.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.bindery.runtime.ActorsConfig;

/** {@code bindery.actors.*} as the application reads it at start-up. */
class ActorSettingsTest {

    private static ActorsConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(ActorsConfig.class, "bindery.actors")
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 100,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(ActorsConfig.class, "bindery.actors");
    }

    private static ActorCatalog catalog(String... types) {
        return new ActorCatalog(java.util.Arrays.stream(types).map(t -> new RecordedActor(t, "org.acme." + t, List.of(
                "go"))).toList());
    }

    @Test
    void theDefaults() {
        ActorsConfig actors = config(Map.of());
        assertThat(actors.stateStore()).isEqualTo("default");
        assertThat(actors.idleTimeout()).isEqualTo(Duration.ofMinutes(60));
        assertThat(actors.scanInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(actors.drainTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(actors.maxStateSize().asLongValue()).isEqualTo(1024 * 1024);
        assertThat(actors.reentrancy().enabled()).isFalse();
        assertThat(actors.reentrancy().maxStackDepth()).isEqualTo(32);
        assertThat(actors.advertisedUrl()).isEmpty();
        assertThat(actors.deadLetterTopic()).isEmpty();
    }

    @Test
    void aTypesOwnSettingsAreReadForATypeOfTheApplication() {
        ActorsConfig actors = config(Map.of("bindery.actors.types.\"Cart\".idle-timeout", "5m",
                "bindery.actors.types.\"Cart\".reentrancy.enabled", "true"));
        HostActors.checkTypeSettings(actors, catalog("Cart"));
        assertThat(actors.types().get("Cart").idleTimeout()).hasValue(Duration.ofMinutes(5));
        assertThat(actors.types().get("Cart").reentrancy().enabled()).hasValue(true);
        assertThat(actors.types().get("Cart").reentrancy().maxStackDepth()).isEmpty();
    }

    @Test
    void settingsForATypeTheApplicationDoesNotHaveFailTheStart() {
        ActorsConfig actors = config(Map.of("bindery.actors.types.\"Kart\".idle-timeout", "5m"));
        assertThatThrownBy(() -> HostActors.checkTypeSettings(actors, catalog("Cart", "Order")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bindery.actors.types.\"Kart\".* configures actor type 'Kart', which the application does "
                        + "not have; its actor types: [Cart, Order]");
    }

    @Test
    void theAdvertisedUrlDefaultsOnlyForAClusteredStore() {
        assertThat(HostActors.defaultAdvertisedUrl(null)).isNull();
    }
}

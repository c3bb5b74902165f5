package dev.bindery.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

class DurationConverterTest {

    /** An engine's duration option. */
    @ConfigMapping
    interface TimedOptions {

        /** Has a default in the short form. */
        @WithDefault("5s")
        @WithConverter(DurationConverter.class)
        Duration timeout();
    }

    private final DurationConverter converter = new DurationConverter();

    @Test
    void theShortFormsAndIsoAreRead() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(converter.convert("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aMappingTakesTheDefaultOrTheGivenValue() {
        assertThat(EngineOptions.read(TimedOptions.class, "bindery.secrets.vault", Map.of()).timeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(EngineOptions.read(TimedOptions.class, "bindery.secrets.vault", Map.of("timeout", "250ms"))
                .timeout()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aWrongValueIsRefusedWithTheOptionsName() {
        assertThatThrownBy(() -> EngineOptions.read(TimedOptions.class, "bindery.secrets.vault",
                Map.of("timeout", "soon"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.secrets.vault.timeout").hasMessageContaining("soon");
    }
}

package dev.bindery.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.bindery.runtime.BinderyConfig;

/**
 * The resiliency configuration as the application reads it at start-up: wrong names and empty targets fail with the
 * property; good policies resolve per target, with the default target for the rest.
 */
class ResiliencyPoliciesTest {

    private static BinderyConfig.Resiliency config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(BinderyConfig.Resiliency.class, "bindery.resiliency")
                // Quarkus' short durations (500ms, 2s), as the application reads them
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(BinderyConfig.Resiliency.class, "bindery.resiliency");
    }

    private static ResiliencyPolicies policies(Map<String, String> properties) {
        return new ResiliencyPolicies(config(properties), new SimpleMeterRegistry());
    }

    @Test
    void aTargetNamingAnUnknownPolicyFailsWithTheProperty() {
        assertThatThrownBy(() -> policies(Map.of("bindery.resiliency.timeouts.quick", "1s",
                "bindery.resiliency.targets.apps.orders.timeout", "slow")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.resiliency.targets.apps.orders.timeout names 'slow'")
                .hasMessageContaining("[quick]");
        assertThatThrownBy(() -> policies(Map.of("bindery.resiliency.targets.components.orders.outbound.retry",
                "none-such"))).hasMessageContaining("bindery.resiliency.targets.components.orders.outbound.retry");
        assertThatThrownBy(() -> policies(Map.of("bindery.resiliency.targets.default.circuit-breaker", "x")))
                .hasMessageContaining("bindery.resiliency.targets.default.circuit-breaker names 'x'");
    }

    @Test
    void aTargetWithoutAPolicyFails() {
        assertThatThrownBy(() -> policies(Map.of("bindery.resiliency.retries.r.max-retries", "2",
                "bindery.resiliency.targets.apps.orders.circuit-breaker", "")))
                .hasMessageContaining("bindery.resiliency.targets.apps.orders names no policy");
    }

    @Test
    void wrongPolicyValuesFailWithTheProperty() {
        assertThatThrownBy(() -> policies(Map.of("bindery.resiliency.circuit-breakers.b.failure-ratio", "1.5")))
                .hasMessageContaining("bindery.resiliency.circuit-breakers.b.failure-ratio");
        assertThatThrownBy(() -> policies(Map.of("bindery.resiliency.circuit-breakers.b.failure-ratio", "0.5",
                "bindery.resiliency.circuit-breakers.b.consecutive-failures", "3")))
                .hasMessageContaining("both consecutive-failures and failure-ratio");
        assertThatThrownBy(() -> policies(Map.of("bindery.resiliency.retries.r.max-retries", "-1")))
                .hasMessageContaining("bindery.resiliency.retries.r.max-retries");
        assertThatThrownBy(() -> policies(Map.of("bindery.resiliency.timeouts.t", "0s")))
                .hasMessageContaining("bindery.resiliency.timeouts.t must be positive");
        assertThatThrownBy(() -> config(Map.of("bindery.resiliency.retries.r.policy", "fibonacci")))
                .hasMessageContaining("bindery.resiliency.retries.r.policy");
    }

    @Test
    void aTargetsPoliciesResolveAndTheDefaultCoversTheRest() {
        ResiliencyPolicies policies = policies(Map.of("bindery.resiliency.timeouts.quick", "750ms",
                "bindery.resiliency.timeouts.slow", "5s",
                "bindery.resiliency.targets.apps.orders.timeout", "quick",
                "bindery.resiliency.targets.default.timeout", "slow"));

        assertThat(policies.app("orders").timeout()).contains(Duration.ofMillis(750));
        assertThat(policies.app("orders").guard()).as("a timeout alone needs no guard").isNull();
        assertThat(policies.app("billing").timeout()).contains(Duration.ofSeconds(5));
        assertThat(policies(Map.of()).app("orders").timeout()).isEmpty();
    }

    @Test
    void aTargetedAppThatCannotBeReachedFailsWithTheProperty() {
        BinderyConfig.Resiliency config = config(Map.of("bindery.resiliency.timeouts.quick", "1s",
                "bindery.resiliency.targets.apps.orders.timeout", "quick"));

        assertThatThrownBy(() -> ResiliencyPolicies.knownApps(config, app -> false))
                .hasMessageContaining("bindery.resiliency.targets.apps.orders names app 'orders'")
                .hasMessageContaining("bindery.apps.orders.url");
        ResiliencyPolicies.knownApps(config, app -> app.equals("orders"));
    }
}

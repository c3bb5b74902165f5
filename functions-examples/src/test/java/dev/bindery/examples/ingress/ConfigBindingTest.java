package dev.bindery.examples.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.Bindings;
import dev.bindery.binding.CronTick;
import dev.bindery.state.StateStore;

/**
 * A function without {@code @OnBinding} triggered by configuration ({@code bindery.functions.heartbeat.binding}), and
 * the injected client's errors.
 */
@QuarkusTest
class ConfigBindingTest {

    @Inject
    StateStore state;

    @Inject
    Bindings bindings;

    @Test
    void aFunctionBoundInConfigurationIsTriggeredByTheBinding() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (state.get("heartbeat/last").isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(state.get("heartbeat/last")).isPresent();
        assertThat(state.get("heartbeat/last").get().value(CronTick.class).binding()).isEqualTo("heartbeats");
    }

    @Test
    void anUnknownBindingIsATypedError() {
        try {
            bindings.invoke("nope", "create", "x", Map.of());
            throw new AssertionError("expected a BindingException");
        } catch (BindingException e) {
            assertThat(e.binding()).isEqualTo("nope");
            assertThat(e.getMessage()).contains("no such binding");
        }
    }
}

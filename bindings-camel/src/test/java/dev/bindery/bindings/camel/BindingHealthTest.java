package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import dev.bindery.bindings.camel.internal.CamelBindings;

/**
 * An input binding whose consumer stops (here its route is stopped, as Camel's route controller or an operator does)
 * is reported with the reason until it consumes again; readiness turns DOWN on it.
 */
class BindingHealthTest {

    @Test
    void anInputBindingWhoseRouteStoppedIsReportedUntilItRunsAgain() throws Exception {
        TestHost host = new TestHost().binding("heartbeat", "cron", "@every 200ms").input("heartbeat", "beat");
        CamelContext context = new DefaultCamelContext();
        try (CamelBindings engine = new CamelBindings(host, context, true)) {
            assertThat(engine.failures()).as("not started yet: nothing to report").isEmpty();
            engine.start();
            TestHost.await("a first firing", () -> !host.received.isEmpty());
            assertThat(engine.failures()).isEmpty();

            context.getRouteController().stopRoute("bindery-heartbeat");

            assertThat(engine.failures()).containsOnlyKeys("heartbeat");
            assertThat(engine.failures().get("heartbeat")).contains("'heartbeat'", "stopped");

            context.getRouteController().startRoute("bindery-heartbeat");

            assertThat(engine.failures()).isEmpty();
        }
    }
}

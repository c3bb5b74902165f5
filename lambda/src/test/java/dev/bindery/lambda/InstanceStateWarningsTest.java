package dev.bindery.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bindery.lambda.internal.InstanceStateWarnings;

/**
 * The start-up warnings of a Lambda package whose idempotency or first-write-wins writes rest on a store that is one
 * instance's: one per store, naming what relies on it and the fix; none once the store is remote.
 */
class InstanceStateWarningsTest {

    @Test
    void anEmbeddedStoreBehindPubSubIdempotencyAndFirstWritesIsOneWarningNamingBothAndTheFix() {
        List<String> warnings = InstanceStateWarnings.of(Map.of("bindery.pubsub.default.idempotency", "true"),
                Map.of("default", Set.of("dev.example.Visits")));

        assertThat(warnings).singleElement().asString()
                .startsWith("State store 'default' is embedded")
                .contains("first-write-wins writes (dev.example.Visits)",
                        "the idempotency of pub/sub component 'default' (bindery.pubsub.default.idempotency)",
                        "hold per instance only",
                        "bindery.state.default.mode=remote", "bindery.state.default.hotrod.servers",
                        "StateServers");
    }

    @Test
    void theStoreOfTheIdempotencyStageAndOfAFunctionAreTheOnesNamed() {
        List<String> warnings = InstanceStateWarnings.of(Map.of(
                "bindery.idempotency.transports", "lambda",
                "bindery.idempotency.store", "marks",
                "bindery.functions.\"place\".idempotency", "true",
                "bindery.functions.\"place\".idempotency-store", "orders",
                "bindery.state.orders.type", "in-memory"), Map.of());

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("State store 'marks' is embedded")
                .contains("the idempotency stage on lambda (bindery.idempotency.transports)");
        assertThat(warnings.get(1)).startsWith("State store 'orders' is in memory")
                .contains("the idempotency of function 'place'");
    }

    @Test
    void aRemoteStoreOrIdempotencyOffIsNoWarning() {
        assertThat(InstanceStateWarnings.of(Map.of("bindery.pubsub.default.idempotency", "true",
                "bindery.state.default.mode", "remote"), Map.of("default", Set.of("dev.example.Visits")))).isEmpty();
        assertThat(InstanceStateWarnings.of(Map.of("bindery.pubsub.default.idempotency", "false"), Map.of()))
                .isEmpty();
    }

    @Test
    void theStageOnOtherTransportsThanLambdasIsNoWarning() {
        // a Lambda package dispatches every event on the transport "lambda": the stage does not run for http or pubsub
        assertThat(InstanceStateWarnings.of(Map.of("bindery.idempotency.transports", "http,pubsub"), Map.of()))
                .isEmpty();
        assertThat(InstanceStateWarnings.of(Map.of("bindery.idempotency.transports", "http, Lambda"), Map.of()))
                .hasSize(1);
    }
}

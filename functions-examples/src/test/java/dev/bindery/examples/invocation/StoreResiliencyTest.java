package dev.bindery.examples.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.state.StateStore;
import dev.bindery.state.Store;

/**
 * A state store's outbound resiliency policies on a real server: the store {@code remote} on a Hot Rod server run as a
 * separate process, under a 2 s timeout per attempt and retries. The server is killed mid-test and started again; a
 * write made while it is down completes once it is back, and the function never sees the outage.
 */
@QuarkusTest
@QuarkusTestResource(value = HotRodProcess.class, restrictToAnnotatedClass = true)
class StoreResiliencyTest {

    @Inject
    @Store("remote")
    StateStore store;

    @Inject
    MeterRegistry metrics;

    @Test
    void aWriteWhileTheServerIsDownIsRetriedUntilItIsBack() throws Exception {
        store.save("before", "written");
        assertThat(store.get("before")).isPresent();

        HotRodProcess.server.kill();
        CompletableFuture<String> saved = CompletableFuture.supplyAsync(() -> store.save("during", "written"));
        Thread.sleep(5_000);
        assertThat(saved).as("still retrying while the server is down").isNotDone();
        HotRodProcess.server.startAgain();

        assertThat(saved.get(90, TimeUnit.SECONDS)).isNotBlank();
        assertThat(store.get("during").orElseThrow().value(String.class)).isEqualTo("written");
        assertThat(metrics.find("bindery.resiliency.retries").tag("target", "components/remote").counter().count())
                .as("attempts past the 2 s timeout were retried").isGreaterThanOrEqualTo(1);
    }
}

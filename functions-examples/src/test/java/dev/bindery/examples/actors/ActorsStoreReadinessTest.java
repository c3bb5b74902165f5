package dev.bindery.examples.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.bindery.runtime.internal.StateStores;

/**
 * Readiness does not wait for the actors' store while it opens in the background (a Knative replica takes the events
 * that need no state sooner); a call to the store waits until it is open.
 */
@QuarkusTest
@TestProfile(ActorsStoreReadinessTest.GatedActorsStore.class)
class ActorsStoreReadinessTest {

    /** The actors' store opens only when the test says so. */
    public static class GatedActorsStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bindery.state.gated.type", "gated", "bindery.actors.state-store", "gated");
        }
    }

    @Inject
    StateStores stores;

    @Test
    void readinessDoesNotWaitForTheActorsStoreWhileItOpensAndACallToItWaits() throws Exception {
        assertThat(stores.status("gated")).isEqualTo("opening");
        assertThat(stores.ready()).isTrue();

        CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(() -> stores.store("gated").get("k").isEmpty());
        Thread.sleep(200);
        assertThat(call).isNotDone();

        GatedStateStoreProvider.GATE.countDown();
        assertThat(call.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stores.status("gated")).isEqualTo("open");
        assertThat(stores.ready()).isTrue();
    }
}

package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.bindery.runtime.internal.StateStores;
import dev.bindery.state.StateStore;

/** {@code start=eager} opens a store at start-up, before any call; the default store stays lazy until used. */
@QuarkusTest
@TestProfile(EagerStateStartTest.EagerOrders.class)
class EagerStateStartTest {

    /** The orders store starts eagerly. */
    public static class EagerOrders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the actors' store opens at start-up (their reminders are scheduled then): here the eager one, so that
            // the default store shows the lazy start
            return Map.of("bindery.state.orders.start", "eager", "bindery.actors.state-store", "orders");
        }
    }

    @Inject
    StateStores stores;

    @Inject
    StateStore defaultStore;

    @Test
    void theEagerStoreOpensAtStartUpAndTheLazyOneOnFirstUse() throws InterruptedException {
        assertThat(stores.opening()).containsExactly("orders");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!stores.ready() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(stores.ready()).isTrue();

        defaultStore.save("eager-test", "x");
        assertThat(stores.opening()).containsExactlyInAnyOrder("orders", "default");
    }
}

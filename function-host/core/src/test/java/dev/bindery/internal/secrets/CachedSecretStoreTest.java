package dev.bindery.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.bindery.spi.secrets.SecretBackend;

/** The cache in front of a store, as the host's listeners see it. */
class CachedSecretStoreTest {

    private final Map<String, Map<String, String>> stored = new ConcurrentHashMap<>();
    private final SecretBackend backend = new SecretBackend() {
        @Override
        public Optional<Map<String, String>> get(String name) {
            return Optional.ofNullable(stored.get(name));
        }

        @Override
        public Set<String> names() {
            return stored.keySet();
        }
    };

    @Test
    void aListenerToldOfARotationReadsTheNewValue() throws Exception {
        stored.put("db", Map.of("password", "old"));
        CompletableFuture<Optional<Map<String, String>>> readByListener = new CompletableFuture<>();
        AtomicReference<CachedSecretStore> store = new AtomicReference<>();
        ExecutorService executor = Executors.newCachedThreadPool();
        try {
            store.set(new CachedSecretStore("local", backend, SecretScope.ALLOW_ALL, Duration.ofMinutes(5),
                    Duration.ofMinutes(10), executor, new SecretListener() {
                        @Override
                        public void rotated(String storeName, String name) {
                            // what a component rebuilt with its secret references does
                            readByListener.complete(store.get().get(name));
                        }
                    }));
            assertThat(store.get().get("db")).contains(Map.of("password", "old"));

            stored.put("db", Map.of("password", "new"));
            store.get().refresh("db");

            assertThat(readByListener.get(10, TimeUnit.SECONDS)).contains(Map.of("password", "new"));
        } finally {
            executor.shutdownNow();
        }
    }
}

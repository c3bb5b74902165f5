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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bindery.spi.secrets.SecretBackend;

/** The cache in front of a store: how often the backend is read, and what the host's listeners see. */
class CachedSecretStoreTest {

    private final Map<String, Map<String, String>> stored = new ConcurrentHashMap<>(
            Map.of("db", Map.of("password", "s3cret")));
    private final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final SecretBackend backend = new SecretBackend() {
        @Override
        public Optional<Map<String, String>> get(String name) {
            reads.incrementAndGet();
            return Optional.ofNullable(stored.get(name));
        }

        @Override
        public Set<String> names() {
            return stored.keySet();
        }
    };

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aStoreWithNoCacheTtlReadsItsBackendOnEveryCall() {
        CachedSecretStore store = open(Duration.ZERO, new SecretListener() {
        });

        for (int i = 0; i < 1_000; i++) {
            assertThat(store.get("db")).contains(Map.of("password", "s3cret"));
        }

        assertThat(reads).hasValue(1_000);
    }

    @Test
    void aStoreWithACacheTtlReadsItsBackendOnceWithinIt() {
        CachedSecretStore store = open(Duration.ofMinutes(1), new SecretListener() {
        });

        for (int i = 0; i < 1_000; i++) {
            assertThat(store.get("db")).contains(Map.of("password", "s3cret"));
        }

        assertThat(reads).hasValue(1);
    }

    @Test
    void aListenerToldOfARotationReadsTheNewValue() throws Exception {
        stored.put("db", Map.of("password", "old"));
        CompletableFuture<Optional<Map<String, String>>> readByListener = new CompletableFuture<>();
        AtomicReference<CachedSecretStore> store = new AtomicReference<>();
        store.set(open(Duration.ofMinutes(5), new SecretListener() {
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
    }

    private CachedSecretStore open(Duration ttl, SecretListener listener) {
        return new CachedSecretStore("vault", backend, SecretScope.ALLOW_ALL, ttl, Duration.ofMinutes(15), executor,
                listener);
    }
}

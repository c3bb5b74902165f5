package dev.bindery.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bindery.spi.secrets.SecretBackend;

/** How often a store's backend is read, with and without a cache. */
class CachedSecretStoreTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final SecretBackend backend = new SecretBackend() {
        @Override
        public Optional<Map<String, String>> get(String name) {
            reads.incrementAndGet();
            return Optional.of(Map.of("password", "s3cret"));
        }

        @Override
        public Set<String> names() {
            return Set.of("db");
        }
    };

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aStoreWithNoCacheTtlReadsItsBackendOnEveryCall() {
        CachedSecretStore store = open(Duration.ZERO);

        for (int i = 0; i < 1_000; i++) {
            assertThat(store.get("db")).contains(Map.of("password", "s3cret"));
        }

        assertThat(reads).hasValue(1_000);
    }

    @Test
    void aStoreWithACacheTtlReadsItsBackendOnceWithinIt() {
        CachedSecretStore store = open(Duration.ofMinutes(1));

        for (int i = 0; i < 1_000; i++) {
            assertThat(store.get("db")).contains(Map.of("password", "s3cret"));
        }

        assertThat(reads).hasValue(1);
    }

    private CachedSecretStore open(Duration ttl) {
        return new CachedSecretStore("vault", backend, SecretScope.ALLOW_ALL, ttl, Duration.ofMinutes(15), executor,
                new SecretListener() {
                });
    }
}

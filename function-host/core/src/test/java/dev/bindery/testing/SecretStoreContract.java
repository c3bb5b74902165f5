package dev.bindery.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bindery.spi.secrets.SecretBackend;

/**
 * The contract every secret store backend keeps: extend it, seed secrets in the real store (or the stand-in for a
 * third-party service) and open a backend on them. Each test uses fresh names.
 */
public abstract class SecretStoreContract {

    private SecretBackend backend;

    /**
     * Puts the secrets in the store and opens a backend that reads them. May be called once per test.
     *
     * @param secrets name → keys and values; when {@link #multipleKeys()} is false every secret has one key, its name
     */
    protected abstract SecretBackend open(Map<String, Map<String, String>> secrets) throws Exception;

    /** Changes (or creates) a secret in the store, as an operator rotating it would. */
    protected abstract void rotate(String name, Map<String, String> keys) throws Exception;

    /** Makes the store unreachable (stops the server, removes the file, answers 500). */
    protected abstract void breakStore() throws Exception;

    /** @return whether a secret of this store can hold several keys */
    protected boolean multipleKeys() {
        return true;
    }

    /** @return whether the backend reports changes through {@link SecretBackend#watch} */
    protected boolean watches() {
        return false;
    }

    /** @return a fresh secret name; stores with naming rules may override */
    protected String freshName() {
        return "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private Map<String, String> keys(String name, String value, String second) {
        return multipleKeys() ? Map.of("username", value, "password", second) : Map.of(name, value);
    }

    private SecretBackend seeded(Map<String, Map<String, String>> secrets) throws Exception {
        backend = open(secrets);
        return backend;
    }

    @Test
    void aSecretIsReadWithAllItsKeys() throws Exception {
        String name = freshName();
        Map<String, String> keys = keys(name, "app-user", "s3cr3t-" + UUID.randomUUID());
        SecretBackend store = seeded(Map.of(name, keys));
        assertThat(store.get(name)).contains(keys);
    }

    @Test
    void aMissingSecretIsEmptyNotAFailure() throws Exception {
        String name = freshName();
        SecretBackend store = seeded(Map.of(name, keys(name, "a", "b")));
        assertThat(store.get(freshName())).isEmpty();
    }

    @Test
    void namesListEverySecretOfTheStore() throws Exception {
        String first = freshName();
        String second = freshName();
        SecretBackend store = seeded(Map.of(first, keys(first, "a", "b"), second, keys(second, "c", "d")));
        assertThat(store.names()).contains(first, second);
    }

    @Test
    void aRotatedSecretIsReadFreshByTheNextGet() throws Exception {
        String name = freshName();
        SecretBackend store = seeded(Map.of(name, keys(name, "user", "old-password")));
        assertThat(store.get(name)).contains(keys(name, "user", "old-password"));
        rotate(name, keys(name, "user", "new-password"));
        assertThat(store.get(name)).contains(keys(name, "user", "new-password"));
    }

    @Test
    void aWatchingStoreReportsTheRotatedSecret() throws Exception {
        if (!watches()) {
            return;
        }
        String name = freshName();
        String other = freshName();
        SecretBackend store = seeded(Map.of(name, keys(name, "user", "old"), other, keys(other, "x", "y")));
        BlockingQueue<String> changed = new LinkedBlockingQueue<>();
        try (AutoCloseable watch = store.watch(secret -> changed.add(secret == null ? "*" : secret))) {
            rotate(name, keys(name, "user", "new"));
            String noticed = changed.poll(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS);
            assertThat(noticed).as("a change notice within 20 s").isIn(name, "*");
            assertThat(store.get(name)).contains(keys(name, "user", "new"));
        }
    }

    @Test
    void anUnreachableStoreFailsWithoutPuttingTheValueInTheMessage() throws Exception {
        String name = freshName();
        String value = "never-shown-" + UUID.randomUUID();
        SecretBackend store = seeded(Map.of(name, keys(name, value, value + "-2")));
        assertThat(store.get(name)).isPresent();
        breakStore();
        assertThatThrownBy(() -> store.get(name))
                .satisfies(e -> assertThat(messages(e)).doesNotContain(value));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}

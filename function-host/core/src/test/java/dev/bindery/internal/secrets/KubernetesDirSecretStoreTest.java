package dev.bindery.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreSettings;
import dev.bindery.testing.SecretStoreContract;

/**
 * The {@code kubernetes-dir} store on directories laid out as the kubelet lays out a mounted Secret: the keys are
 * symlinks into {@code ..data}, itself a symlink to a timestamped directory that a rotation replaces atomically.
 */
class KubernetesDirSecretStoreTest extends SecretStoreContract {

    @TempDir
    Path root;
    private final AtomicInteger version = new AtomicInteger();

    @Override
    protected SecretBackend open(Map<String, Map<String, String>> secrets) throws Exception {
        for (Map.Entry<String, Map<String, String>> secret : secrets.entrySet()) {
            rotate(secret.getKey(), secret.getValue());
        }
        return new KubernetesDirSecretStoreProvider().open(new SecretStoreSettings("cluster",
                Map.of("path", root.toString(), "watch-interval", "100ms")));
    }

    /** What the kubelet's AtomicWriter does: write a new timestamped directory, then swap the ..data symlink. */
    @Override
    protected void rotate(String name, Map<String, String> keys) throws Exception {
        Path secret = Files.createDirectories(root.resolve(name));
        Path payload = Files.createDirectory(secret.resolve("..2026_11_30_" + version.incrementAndGet()));
        for (Map.Entry<String, String> key : keys.entrySet()) {
            Files.writeString(payload.resolve(key.getKey()), key.getValue());
        }
        Path link = secret.resolve("..data_tmp");
        Files.createSymbolicLink(link, payload.getFileName());
        Files.move(link, secret.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        for (String key : keys.keySet()) {
            Path user = secret.resolve(key);
            if (!Files.isSymbolicLink(user)) {
                Files.createSymbolicLink(user, Path.of("..data").resolve(key));
            }
        }
    }

    @Override
    protected void breakStore() throws Exception {
        // the volume is gone (unmounted), not one Secret of it
        try (var all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Override
    protected boolean watches() {
        return true;
    }

    @Test
    void theKubeletsOwnEntriesAreNotSecretsOrKeys() throws Exception {
        SecretBackend store = open(Map.of("db", Map.of("password", "pw")));
        assertThat(store.names()).containsExactly("db");
        assertThat(store.get("db")).contains(Map.of("password", "pw"));
        assertThat(store.get("..data")).isEmpty();
        store.close();
    }
}

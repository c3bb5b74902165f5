package dev.bindery.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreSettings;
import dev.bindery.testing.SecretStoreContract;

/** The {@code file} store on a real JSON file, multi-valued, rewritten the way an operator (or a CSI driver) does. */
class FileSecretStoreTest extends SecretStoreContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path file;
    private final Map<String, Map<String, String>> content = new TreeMap<>();

    @Override
    protected SecretBackend open(Map<String, Map<String, String>> secrets) throws Exception {
        file = dir.resolve("secrets.json");
        content.putAll(secrets);
        write();
        return new FileSecretStoreProvider().open(new SecretStoreSettings("local", Map.of("path", file.toString(),
                "multi-valued", "true", "watch-interval", "100ms")));
    }

    @Override
    protected void rotate(String name, Map<String, String> keys) throws Exception {
        content.put(name, keys);
        write();
    }

    @Override
    protected void breakStore() throws Exception {
        Files.delete(file);
    }

    @Override
    protected boolean watches() {
        return true;
    }

    private void write() throws Exception {
        Path next = dir.resolve("secrets.json.next");
        JSON.writeValue(next.toFile(), content);
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void nestedKeysAreFlattenedWithTheSeparatorWhenNotMultiValued() throws Exception {
        Path nested = dir.resolve("nested.json");
        Files.writeString(nested, "{\"db\":{\"password\":\"pw\",\"hosts\":[\"a\",\"b\"]},\"token\":\"t\"}");
        SecretBackend store = new FileSecretStoreProvider().open(new SecretStoreSettings("local",
                Map.of("path", nested.toString(), "separator", ".", "watch-interval", "0")));
        assertThat(store.names()).containsExactly("db.hosts.0", "db.hosts.1", "db.password", "token");
        assertThat(store.get("db.password")).contains(Map.of("db.password", "pw"));
    }

    @Test
    void aPropertiesFileIsReadByItsExtension() throws Exception {
        Path properties = dir.resolve("secrets.properties");
        Files.writeString(properties, "db.username=app\ndb.password=pw\napi-key=k\n");
        SecretBackend store = new FileSecretStoreProvider().open(new SecretStoreSettings("local",
                Map.of("path", properties.toString(), "multi-valued", "true", "separator", ".", "watch-interval", "0")));
        assertThat(store.get("db")).contains(Map.of("username", "app", "password", "pw"));
        assertThat(store.get("api-key")).contains(Map.of("api-key", "k"));
    }

    @Test
    void aMalformedFileIsNamedButItsContentIsNotQuoted() throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"password\": hunter2-not-json}");
        SecretBackend store = new FileSecretStoreProvider().open(new SecretStoreSettings("local",
                Map.of("path", broken.toString(), "watch-interval", "0")));
        assertThatThrownBy(() -> store.get("password")).hasMessageContaining(broken.toString())
                .satisfies(e -> assertThat(e.toString() + e.getCause()).doesNotContain("hunter2"));
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        assertThatThrownBy(() -> new FileSecretStoreProvider().open(new SecretStoreSettings("local",
                Map.of("path", "x.json", "pth", "y")))).hasMessageContaining("bindery.secrets.local.pth");
    }
}

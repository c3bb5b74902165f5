package dev.bindery.examples.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.bindery.examples.HotRodServerProcess;

/**
 * A Hot Rod server that requires a login (SASL {@code PLAIN}, the user {@code bindery} and the password of its users
 * file, read at each login), and the secret file of the store {@code local} holding that password: the state store
 * {@code remote} takes its password from it, {@code ${secret:local/hotrod#password}}. Writes to {@code remote} that
 * fail are retried, and an engine replaced by a rotation is closed after one second.
 */
public class HotRodCredentials implements QuarkusTestResourceLifecycleManager {

    static final String USER = "bindery";
    static final String FIRST_PASSWORD = "first-password";

    static HotRodServerProcess server;
    static Path users;
    static Path secrets;

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createTempDirectory("bindery-hotrod-credentials");
            users = dir.resolve("users.properties");
            secrets = dir.resolve("local.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        changeServerPassword(FIRST_PASSWORD);
        changeSecret(FIRST_PASSWORD);
        server = HotRodServerProcess.start("--users", users.toString());
        return Map.ofEntries(
                // stores of their own: this test's application starts while another test's may still hold the dirs
                Map.entry("bindery.state.default.data-dir", "target/test-state/hotrod-credentials/default"),
                Map.entry("bindery.state.orders.data-dir", "target/test-state/hotrod-credentials/orders"),
                Map.entry("bindery.secrets.local.path", secrets.toString()),
                Map.entry("bindery.secrets.local.watch-interval", "200ms"),
                Map.entry("bindery.state.remote.mode", "remote"),
                Map.entry("bindery.state.remote.cache-name", "state"),
                Map.entry("bindery.state.remote.hotrod.servers", server.address()),
                Map.entry("bindery.state.remote.hotrod.username", USER),
                Map.entry("bindery.state.remote.hotrod.password", "${secret:local/hotrod#password}"),
                Map.entry("bindery.state.remote.hotrod.sasl-mechanism", "PLAIN"),
                Map.entry("bindery.rotation-grace", "1s"),
                Map.entry("bindery.resiliency.timeouts.store", "5s"),
                Map.entry("bindery.resiliency.retries.storing.duration", "200ms"),
                Map.entry("bindery.resiliency.retries.storing.max-retries", "20"),
                Map.entry("bindery.resiliency.targets.components.remote.outbound.timeout", "store"),
                Map.entry("bindery.resiliency.targets.components.remote.outbound.retry", "storing"));
    }

    /** Changes the user's password on the server: logins from now on need it. */
    static void changeServerPassword(String password) {
        try {
            Path next = users.resolveSibling("users.next");
            Files.writeString(next, USER + "=" + password + "\n");
            Files.move(next, users, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes the password in the secret file (which also holds the nightly report's signing key). */
    static void changeSecret(String password) {
        SecretFiles.write(secrets, Map.of("hotrod", Map.of("password", password),
                "report-signing", Map.of("key", "test-signing-key")));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}

package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.StateStore;

/** The remote store talks TLS to a Hot Rod server whose certificate it trusts through its configured trust store. */
class RemoteTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    /** Makes a self-signed server key pair and a trust store with its certificate, with the JDK's keytool. */
    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }

    @Test
    void theStoreConnectsOverTlsWithItsTrustStore() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.crt");
        Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD,
                "-keypass", PASSWORD, "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1");
        keytool("-exportcert", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-alias", "server", "-rfc",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass",
                PASSWORD, "-alias", "server", "-file", certificate.toString());
        try (HotRodTestServer server = HotRodTestServer.start(config -> config.ssl().enable()
                .keyStoreFileName(keyStore.toString()).keyStoreType("PKCS12").keyStorePassword(PASSWORD.toCharArray()))) {
            try (StateBackend backend = new InfinispanStateStoreProvider().open(new StoreSettings("tls",
                    Map.of("mode", "remote",
                            "cache-name", HotRodTestServer.CACHE, "hotrod.servers", server.address(), "hotrod.tls.enabled",
                            "true",
                            "hotrod.tls.trust-store", trustStore.toString(), "hotrod.tls.trust-store-password", PASSWORD)))) {
                StateStore store = new ScopedStateStore("tls", backend, KeyScope.prefixed("app"),
                        ScopedStateStore.Limits.DEFAULT, new ObjectMapper());
                store.save("k", "over tls");
                assertThat(store.get("k").orElseThrow().value(String.class)).isEqualTo("over tls");
            }
        }
    }
}

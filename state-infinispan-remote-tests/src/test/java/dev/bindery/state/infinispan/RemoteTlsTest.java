package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.server.hotrod.HotRodServer;
import org.infinispan.server.hotrod.configuration.HotRodServerConfigurationBuilder;
import org.infinispan.transaction.LockingMode;
import org.infinispan.transaction.TransactionMode;
import org.infinispan.transaction.lookup.EmbeddedTransactionManagerLookup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.StateBackend;
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
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (DefaultCacheManager caches = new DefaultCacheManager()) {
            ConfigurationBuilder cache = new ConfigurationBuilder();
            cache.encoding().mediaType(MediaType.APPLICATION_PROTOSTREAM_TYPE);
            cache.transaction().transactionMode(TransactionMode.TRANSACTIONAL).lockingMode(LockingMode.PESSIMISTIC)
                    .transactionManagerLookup(new EmbeddedTransactionManagerLookup());
            caches.defineConfiguration("state", cache.build());
            HotRodServerConfigurationBuilder config = new HotRodServerConfigurationBuilder().host("127.0.0.1")
                    .port(port);
            config.ssl().enable().keyStoreFileName(keyStore.toString()).keyStoreType("PKCS12")
                    .keyStorePassword(PASSWORD.toCharArray());
            HotRodServer server = new HotRodServer();
            server.start(config.build(), caches);
            server.postStart();
            try (StateBackend backend = new InfinispanStateStoreProvider().open("tls", Map.of("mode", "remote",
                    "cache-name", "state", "hotrod.servers", "127.0.0.1:" + port, "hotrod.tls.enabled", "true",
                    "hotrod.tls.trust-store", trustStore.toString(), "hotrod.tls.trust-store-password", PASSWORD))) {
                StateStore store = new ScopedStateStore("tls", backend, KeyScope.prefixed("app"),
                        ScopedStateStore.Limits.DEFAULT, new ObjectMapper());
                store.save("k", "over tls");
                assertThat(store.get("k").orElseThrow().value(String.class)).isEqualTo("over tls");
            } finally {
                server.stop();
            }
        }
    }
}

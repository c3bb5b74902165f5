package dev.bindery.state.infinispan;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.server.hotrod.HotRodServer;
import org.infinispan.server.hotrod.configuration.HotRodServerConfigurationBuilder;
import org.infinispan.transaction.LockingMode;
import org.infinispan.transaction.TransactionMode;
import org.infinispan.transaction.lookup.EmbeddedTransactionManagerLookup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.bindery.spi.StateBackend;
import dev.bindery.testing.StateStoreContract;

/**
 * The state contract over Hot Rod, against Infinispan's Hot Rod server endpoint started in this JVM on loopback over a
 * real cache manager, with a transactional cache as an operator would define it.
 */
class RemoteInfinispanStateStoreTest extends StateStoreContract {

    private static DefaultCacheManager serverCaches;
    private static HotRodServer server;
    private static StateBackend backend;

    @BeforeAll
    static void startServer() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        serverCaches = new DefaultCacheManager();
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.encoding().mediaType(MediaType.APPLICATION_PROTOSTREAM_TYPE);
        cache.transaction().transactionMode(TransactionMode.TRANSACTIONAL).lockingMode(LockingMode.PESSIMISTIC)
                .transactionManagerLookup(new EmbeddedTransactionManagerLookup());
        serverCaches.defineConfiguration("state", cache.build());
        server = new HotRodServer();
        server.start(new HotRodServerConfigurationBuilder().host("127.0.0.1").port(port).build(), serverCaches);
        server.postStart();
        backend = new InfinispanStateStoreProvider().open("contract", Map.of(
                "mode", "remote",
                "cache-name", "state",
                "hotrod.servers", "127.0.0.1:" + port));
    }

    @AfterAll
    static void stopServer() {
        if (backend != null) {
            backend.close();
        }
        if (server != null) {
            server.stop();
        }
        serverCaches.stop();
    }

    @Override
    protected StateBackend backend() {
        return backend;
    }
}

package dev.bindery.state.infinispan;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.testing.StateStoreContract;

/**
 * The state contract over Hot Rod, against Infinispan's Hot Rod server endpoint started in this JVM on loopback over a
 * real cache manager, with a transactional cache as an operator would define it.
 */
class RemoteInfinispanStateStoreTest extends StateStoreContract {

    private static HotRodTestServer server;
    private static StateBackend backend;

    @BeforeAll
    static void startServer() {
        server = HotRodTestServer.start();
        backend = new InfinispanStateStoreProvider().open(new StoreSettings("contract", Map.of(
                "mode", "remote",
                "cache-name", HotRodTestServer.CACHE,
                "hotrod.servers", server.address())));
    }

    @AfterAll
    static void stopServer() {
        if (backend != null) {
            backend.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected StateBackend backend() {
        return backend;
    }
}

package dev.bindery.state.infinispan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.function.Consumer;

import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.server.hotrod.HotRodServer;
import org.infinispan.server.hotrod.configuration.HotRodServerConfigurationBuilder;
import org.infinispan.transaction.LockingMode;
import org.infinispan.transaction.TransactionMode;
import org.infinispan.transaction.lookup.EmbeddedTransactionManagerLookup;

/**
 * Infinispan's Hot Rod server endpoint on loopback in this JVM, over a real cache manager with the cache an operator
 * would define for Bindery: {@code state}, transactional with pessimistic locking.
 */
final class HotRodTestServer implements AutoCloseable {

    static final String CACHE = "state";

    private final DefaultCacheManager caches;
    private final HotRodServer server;
    private final int port;

    private HotRodTestServer(Consumer<HotRodServerConfigurationBuilder> security) {
        this(freePort(), security);
    }

    private HotRodTestServer(int port, Consumer<HotRodServerConfigurationBuilder> security) {
        this(port, security, List.of(CACHE));
    }

    private HotRodTestServer(int port, Consumer<HotRodServerConfigurationBuilder> security, List<String> names) {
        this.port = port;
        caches = new DefaultCacheManager();
        ConfigurationBuilder cache = new ConfigurationBuilder();
        cache.encoding().mediaType(MediaType.APPLICATION_PROTOSTREAM_TYPE);
        cache.transaction().transactionMode(TransactionMode.TRANSACTIONAL).lockingMode(LockingMode.PESSIMISTIC)
                .transactionManagerLookup(new EmbeddedTransactionManagerLookup());
        for (String name : names) {
            caches.defineConfiguration(name, cache.build());
        }
        HotRodServerConfigurationBuilder config = new HotRodServerConfigurationBuilder().host("127.0.0.1").port(port);
        security.accept(config);
        server = new HotRodServer();
        server.start(config.build(), caches);
        server.postStart();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a server without authentication or TLS, on this port (one started again after a stop takes it back) */
    static HotRodTestServer start(int port) {
        return start(port, config -> {
        });
    }

    /** @return a server on this port, configured further, for authentication or TLS */
    static HotRodTestServer start(int port, Consumer<HotRodServerConfigurationBuilder> security) {
        return new HotRodTestServer(port, security);
    }

    /** @return a server without authentication or TLS whose caches are these, as an operator defines one per store */
    static HotRodTestServer withCaches(String... names) {
        return new HotRodTestServer(freePort(), config -> {
        }, List.of(names));
    }

    /** @return a server without authentication or TLS */
    static HotRodTestServer start() {
        return new HotRodTestServer(config -> {
        });
    }

    /** @return a server configured further, for authentication or TLS */
    static HotRodTestServer start(Consumer<HotRodServerConfigurationBuilder> security) {
        return new HotRodTestServer(security);
    }

    /** @return {@code 127.0.0.1:<port>}, as {@code hotrod.servers} takes it */
    String address() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stop();
        caches.stop();
    }
}

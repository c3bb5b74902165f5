package dev.bindery.bench.state;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.infinispan.client.hotrod.MetadataValue;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.server.hotrod.HotRodServer;
import org.infinispan.server.hotrod.configuration.HotRodServerConfigurationBuilder;
import org.infinispan.transaction.LockingMode;
import org.infinispan.transaction.TransactionMode;
import org.infinispan.transaction.lookup.EmbeddedTransactionManagerLookup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateStore;
import dev.bindery.state.infinispan.InfinispanStateStoreProvider;

/**
 * Bindery's StateStore in remote mode next to the same operations written against the raw Hot Rod client, both
 * against one Hot Rod server started in this JVM on loopback: a get, a put, and a versioned compare-and-set
 * ({@code getWithMetadata} then {@code replaceWithVersion}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class RemoteStateBenchmark {

    /** The value saved: a small order, as the examples store. */
    public record Order(String id, String item, int quantity) {
    }

    private DefaultCacheManager serverCaches;
    private HotRodServer server;
    private StateBackend backend;
    private StateStore store;
    private RemoteCacheManager rawClient;
    private RemoteCache<String, String> raw;
    private ObjectMapper mapper;
    private final Order order = new Order("1001", "teapot", 2);
    private String etag;

    @Setup(Level.Trial)
    public void start() throws IOException {
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

        mapper = new ObjectMapper();
        backend = new InfinispanStateStoreProvider()
                .open(new StoreSettings("bench", Map.of("mode", "remote", "cache-name", "state",
                        "hotrod.servers", "127.0.0.1:" + port)));
        store = new ScopedStateStore("bench", backend, KeyScope.prefixed("app"), ScopedStateStore.Limits.DEFAULT, mapper);
        rawClient = new RemoteCacheManager(new org.infinispan.client.hotrod.configuration.ConfigurationBuilder()
                .addServers("127.0.0.1:" + port).build());
        raw = rawClient.getCache("state");
        etag = store.save("order", order);
        raw.put("raw||order", "{\"id\":\"1001\",\"item\":\"teapot\",\"quantity\":2}");
    }

    @TearDown(Level.Trial)
    public void stop() {
        backend.close();
        rawClient.stop();
        server.stop();
        serverCaches.stop();
    }

    @Benchmark
    public Object binderyGet() {
        return store.get("order").orElseThrow().value(Order.class);
    }

    @Benchmark
    public Object rawGet() throws IOException {
        return mapper.readValue(raw.get("raw||order"), Order.class);
    }

    @Benchmark
    public String binderySave() {
        return store.save("order-lww", order);
    }

    @Benchmark
    public Object rawPut() throws IOException {
        return raw.put("raw||order-lww", mapper.writeValueAsString(order));
    }

    @Benchmark
    public String binderySaveWithEtag() {
        etag = store.save("order", order, SaveOptions.ifMatch(etag));
        return etag;
    }

    @Benchmark
    public boolean rawCompareAndSet() throws IOException {
        MetadataValue<String> current = raw.getWithMetadata("raw||order");
        return raw.replaceWithVersion("raw||order", mapper.writeValueAsString(order), current.getVersion());
    }
}

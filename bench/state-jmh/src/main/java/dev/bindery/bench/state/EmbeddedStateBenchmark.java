package dev.bindery.bench.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.transaction.TransactionManager;

import org.infinispan.AdvancedCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.runtime.internal.Telemetry;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateOperation;
import dev.bindery.state.StateStore;
import dev.bindery.state.infinispan.EmbeddedInfinispanStateBackend;
import dev.bindery.state.infinispan.InfinispanStateStoreProvider;

/**
 * Bindery's StateStore on the default embedded Infinispan store (transactional, pessimistic, persisted) next to the
 * same operations written against the raw Infinispan API on the very same cache: a get, a last-write-wins put, and a
 * compare-and-set (transaction, lock, read, check, write, commit) for the ETag save.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class EmbeddedStateBenchmark {

    /** The value saved: a small order, as the examples store. */
    public record Order(String id, String item, int quantity) {
    }

    private static final String RAW_JSON = "{\"id\":\"1001\",\"item\":\"teapot\",\"quantity\":2}";

    private Path dataDir;
    private EmbeddedInfinispanStateBackend backend;
    private StateStore store;
    private AdvancedCache<String, String> cache;
    private TransactionManager transactions;
    private ObjectMapper mapper;
    private final Order order = new Order("1001", "teapot", 2);
    private String etag;

    /**
     * {@code on}: the store as the host wires it — every operation timed into a Prometheus registry and, inside a trace
     * (a parent span is current on the benchmark thread, as in a function), recorded as a span through a batch span
     * processor; {@code off}: the store alone.
     */
    @Param({"on", "off"})
    String telemetry;

    private SdkTracerProvider tracing;
    private Span function;
    private io.opentelemetry.context.Scope inFunction;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dataDir = Files.createTempDirectory("bindery-state-bench");
        backend = (EmbeddedInfinispanStateBackend) new InfinispanStateStoreProvider().open(new StoreSettings("bench",
                Map.of("data-dir", dataDir.toString())));
        mapper = new ObjectMapper();
        tracing = SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite())
                .build()).build();
        OpenTelemetry openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
        StateBackend engine = telemetry.equals("on")
                ? new Telemetry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), openTelemetry)
                        .observe("bench", "infinispan", backend)
                : backend;
        function = openTelemetry.getTracer("bench").spanBuilder("function").startSpan();
        store = new ScopedStateStore("bench", engine, KeyScope.prefixed("app"), ScopedStateStore.Limits.DEFAULT, mapper);
        cache = backend.cache();
        transactions = cache.getTransactionManager();
        etag = store.save("order", order);
        cache.put("raw||order", RAW_JSON);
    }

    /** The benchmark thread runs "inside a function": its span is current (JMH runs these on that thread). */
    @Setup(Level.Iteration)
    public void enterFunction() {
        inFunction = telemetry.equals("on") ? Context.current().with(function).makeCurrent() : null;
    }

    @TearDown(Level.Iteration)
    public void leaveFunction() {
        if (inFunction != null) {
            inFunction.close();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        backend.close();
        tracing.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public Object binderyGet() {
        return store.get("order").orElseThrow().value(Order.class);
    }

    @Benchmark
    public Object rawGet() throws IOException {
        return mapper.readValue(cache.get("raw||order"), Order.class);
    }

    @Benchmark
    public String binderySave() {
        return store.save("order-lww", order);
    }

    @Benchmark
    public Object rawPut() throws IOException {
        return cache.put("raw||order-lww", mapper.writeValueAsString(order));
    }

    @Benchmark
    public String binderySaveWithEtag() {
        etag = store.save("order", order, SaveOptions.ifMatch(etag));
        return etag;
    }

    private long marks;

    /**
     * What the idempotency stage commits for an event: the function's write and the event's insert-only mark in one
     * transaction. Bindery journals a transaction of several keys (one more append and a removal) so that a kill
     * leaves it whole or absent; {@link #rawTransactWithMark()} is the same transaction without the journal.
     */
    @Benchmark
    public void binderyTransactWithMark() {
        store.transact(List.of(StateOperation.save("order-tx", order),
                StateOperation.save("mark/" + marks++, true, SaveOptions.ifAbsent())));
    }

    @Benchmark
    public Object rawTransactWithMark() throws Exception {
        String mark = "raw||mark/" + marks++;
        transactions.begin();
        cache.lock(mark);
        if (cache.containsKey(mark)) {
            transactions.rollback();
            throw new IllegalStateException("marked");
        }
        cache.put("raw||order-tx", mapper.writeValueAsString(order));
        cache.put(mark, "true");
        transactions.commit();
        return mark;
    }

    @Benchmark
    public Object rawCompareAndSet() throws Exception {
        transactions.begin();
        cache.lock("raw||order");
        String current = cache.get("raw||order");
        if (current == null) {
            transactions.rollback();
            throw new IllegalStateException("gone");
        }
        cache.put("raw||order", mapper.writeValueAsString(order));
        transactions.commit();
        return current;
    }
}

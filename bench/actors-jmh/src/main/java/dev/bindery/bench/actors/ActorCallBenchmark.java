package dev.bindery.bench.actors;

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

/**
 * One caller, one member: the latency of an actor call against the same work without actors, on the embedded store
 * with {@code persistence} on (the default, a file store in a temporary directory) or off.
 * <ul>
 * <li>{@code actorIncrement}: {@code ActorClient.call} of the counter's {@code increment} (a turn that reads one state
 * key and saves it with the actor's lease in one ETag-conditional transaction);</li>
 * <li>{@code actorGet}: the read-only {@code get} (a turn that saves nothing);</li>
 * <li>{@code functionIncrement}: the same increment as a plain function through the same dispatcher and worker pool,
 * reading the key from the state store and saving it back with its ETag;</li>
 * <li>{@code rawTransactionalPut}: one put in an Infinispan transaction on the same cache, on the calling thread: the
 * floor under any write.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ActorCallBenchmark {

    @Param({"on", "off"})
    String persistence;

    private ActorHost host;
    private FunctionCalls functions;
    private AdvancedCache<String, String> cache;
    private TransactionManager transactions;

    @Setup(Level.Trial)
    public void start() {
        host = ActorHost.counters(persistence);
        functions = new FunctionCalls(host);
        cache = host.backend.cache();
        transactions = cache.getTransactionManager();
        check(host.client.call(Counter.TYPE, "c1", "increment", 1, Integer.class) == 1, "actor increment");
        check(host.client.call(Counter.TYPE, "c1", "get", null, Integer.class) == 1, "actor get");
        check(functions.increment("c1") == 1 && functions.increment("c1") == 2, "function increment");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what + " did not count");
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        host.close();
    }

    @Benchmark
    public Integer actorIncrement() {
        return host.client.call(Counter.TYPE, "c1", "increment", 1, Integer.class);
    }

    @Benchmark
    public Integer actorGet() {
        return host.client.call(Counter.TYPE, "c1", "get", null, Integer.class);
    }

    @Benchmark
    public int functionIncrement() {
        return functions.increment("c1");
    }

    @Benchmark
    public Object rawTransactionalPut() throws Exception {
        transactions.begin();
        try {
            cache.put("bench||raw||count", "1");
        } catch (RuntimeException e) {
            transactions.rollback();
            throw e;
        }
        transactions.commit();
        return transactions;
    }
}

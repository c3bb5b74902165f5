package dev.bindery.bench.actors;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Many callers at once (8 threads, blocking calls) on one member, calls per second: all calling the same actor id,
 * whose turns run one at a time through its mailbox ({@code sameActor}), or each its own id ({@code ownActor}); and
 * the plain function's increment on one shared key, retried on ETag conflicts ({@code functionSameKey}), or on a key
 * per caller ({@code functionOwnKey}); with {@code persistence} on (the default store) and off.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(8)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ContendedCallBenchmark {

    @Param({"on", "off"})
    String persistence;

    private ActorHost host;
    private FunctionCalls functions;
    private final AtomicInteger callers = new AtomicInteger();

    /** A caller's own actor id and state key. */
    @State(Scope.Thread)
    public static class Caller {
        String id;

        @Setup(Level.Trial)
        public void name(ContendedCallBenchmark bench) {
            id = "caller-" + bench.callers.incrementAndGet();
        }
    }

    @Setup(Level.Trial)
    public void start() {
        host = ActorHost.counters(persistence);
        functions = new FunctionCalls(host);
    }

    @TearDown(Level.Trial)
    public void stop() {
        host.close();
    }

    @Benchmark
    public Integer sameActor() {
        return host.client.call(Counter.TYPE, "shared", "increment", 1, Integer.class);
    }

    @Benchmark
    public Integer ownActor(Caller caller) {
        return host.client.call(Counter.TYPE, caller.id, "increment", 1, Integer.class);
    }

    @Benchmark
    public int functionSameKey() {
        return functions.increment("shared");
    }

    @Benchmark
    public int functionOwnKey(Caller caller) {
        return functions.increment(caller.id);
    }
}

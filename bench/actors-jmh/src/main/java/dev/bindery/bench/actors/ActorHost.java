package dev.bindery.bench.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.actors.ActorClient;
import dev.bindery.internal.actors.ActorMethods;
import dev.bindery.internal.actors.ActorRuntime;
import dev.bindery.internal.actors.ActorSettings;
import dev.bindery.internal.actors.ActorType;
import dev.bindery.internal.actors.DispatchingActorClient;
import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.actors.ActorObserver;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.StateStore;
import dev.bindery.state.infinispan.EmbeddedInfinispanStateBackend;
import dev.bindery.state.infinispan.InfinispanStateStoreProvider;

/**
 * One member as the host wires it, without Quarkus: the default embedded Infinispan store (persisted to a temporary
 * directory, or not), the actor runtime on it, one dispatcher with the actor stage that runs the actor methods and
 * plain functions (on a worker pool, as the host runs blocking functions), and the actor client over that dispatcher.
 * The actor settings are the host's defaults (idle 60 min, scans every 30 s unless told, drain 60 s, 1 MiB values).
 */
final class ActorHost implements AutoCloseable {

    static final String APP = "bench";

    final Path dataDir;
    final EmbeddedInfinispanStateBackend backend;
    final StateStore store;
    final ObjectMapper mapper = new ObjectMapper();
    final ExecutorService workers;
    final ActorRuntime runtime;
    final FunctionDispatcher dispatcher;
    final ActorClient client;

    /**
     * @param persistence whether the store persists to its data directory (the default) or is memory only
     * @param actor the actor type: its name, class and how instances are made
     * @param functions the plain functions: an instance whose public methods declared by its class are functions,
     *        named as the methods, made from the application's state store (null for none)
     * @param observer hears the runtime, or null
     */
    ActorHost(boolean persistence, String typeName, Class<?> actorClass, Supplier<Object> actor,
            Function<StateStore, Object> functions, ActorObserver observer) {
        this(persistence, typeName, actorClass, actor, functions, observer, Duration.ofSeconds(30));
    }

    /** @param scanInterval how often the runtime looks for idle actors and re-reads the reminders (host default 30 s) */
    ActorHost(boolean persistence, String typeName, Class<?> actorClass, Supplier<Object> actor,
            Function<StateStore, Object> functions, ActorObserver observer, Duration scanInterval) {
        try {
            dataDir = Files.createTempDirectory("bindery-actors-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        backend = (EmbeddedInfinispanStateBackend) new InfinispanStateStoreProvider().open(new StoreSettings("actors",
                Map.of("data-dir", dataDir.toString(), "persistence", Boolean.toString(persistence))));
        store = new ScopedStateStore("actors", backend, KeyScope.prefixed(APP), ScopedStateStore.Limits.DEFAULT,
                mapper);
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "bench-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ActorSettings settings = new ActorSettings(APP, null, scanInterval, Duration.ofSeconds(60),
                1024 * 1024);
        ActorType type = new ActorType(typeName, actor, null, ActorMethods.of(actorClass).keySet(),
                Duration.ofMinutes(60), false, 32);
        List<FunctionDefinition> definitions = new ArrayList<>(ActorMethods.definitions(typeName, actorClass));
        if (functions != null) {
            definitions.addAll(plainFunctions(functions.apply(store)));
        }
        runtime = new ActorRuntime(List.of(type), backend, mapper, Clock.systemUTC(), workers, settings, null,
                observer, letter -> {
                });
        dispatcher = new FunctionDispatcher(definitions, mapper, Map.of(ExecutionMode.WORKER, workers),
                List.of(runtime.stage()));
        client = new DispatchingActorClient(dispatcher, mapper, APP);
        runtime.start(dispatcher);
    }

    /** @return a member with the {@link Counter} actor and its plain-function twin, {@link CounterFunction} */
    static ActorHost counters(String persistence) {
        return new ActorHost(persistence.equals("on"), Counter.TYPE, Counter.class, Counter::new, CounterFunction::new,
                null);
    }

    private static List<FunctionDefinition> plainFunctions(Object target) {
        List<FunctionDefinition> definitions = new ArrayList<>();
        for (Method method : target.getClass().getDeclaredMethods()) {
            if (Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())) {
                definitions.add(FunctionDefinition.builder(method.getName(), method).target(() -> target)
                        .executionMode(ExecutionMode.WORKER).build());
            }
        }
        return definitions;
    }

    @Override
    public void close() {
        runtime.close();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backend.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}

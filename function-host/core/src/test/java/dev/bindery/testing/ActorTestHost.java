package dev.bindery.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.actors.ActorClient;
import dev.bindery.internal.actors.ActorMethods;
import dev.bindery.internal.actors.ActorRuntime;
import dev.bindery.internal.actors.ActorSettings;
import dev.bindery.internal.actors.ActorType;
import dev.bindery.internal.actors.DispatchingActorClient;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.spi.actors.ActorForwarder;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.state.StateBackend;

/**
 * A host of actors without Quarkus, for tests: the actor runtime on a state backend, the dispatcher with the actor
 * stage, and a client. Several on one backend (or on the members of one cluster) act as several members.
 */
public final class ActorTestHost implements AutoCloseable {

    /** What the test registers: a type, its class, how instances are made, its settings. */
    public record TypeSpec(String name, Class<?> actorClass, Supplier<Object> factory, Duration idleTimeout,
            boolean reentrant, int maxDepth) {
    }

    public final ActorRuntime runtime;
    public final Dispatcher dispatcher;
    public final ActorClient client;
    /** The dead letters of reminders. */
    public final List<CloudEvent> deadLetters = new CopyOnWriteArrayList<>();
    private final ExecutorService workers;

    public ActorTestHost(StateBackend backend, List<TypeSpec> specs, ActorSettings settings, Clock clock,
            ActorForwarder forwarder) {
        ObjectMapper mapper = new ObjectMapper();
        this.workers = Executors.newFixedThreadPool(16);
        List<ActorType> types = new ArrayList<>();
        List<FunctionDefinition> functions = new ArrayList<>();
        for (TypeSpec spec : specs) {
            types.add(new ActorType(spec.name, spec.factory, null, ActorMethods.of(spec.actorClass).keySet(),
                    spec.idleTimeout, spec.reentrant, spec.maxDepth));
            functions.addAll(ActorMethods.definitions(spec.name, spec.actorClass));
        }
        this.runtime = new ActorRuntime(types, backend, mapper, clock, workers, settings, forwarder, null,
                deadLetters::add);
        this.dispatcher = new FunctionDispatcher(functions, mapper, Map.of(), List.of(runtime.stage()));
        this.client = new DispatchingActorClient(dispatcher, mapper, settings.appId());
        runtime.start(dispatcher);
    }

    /** @return settings for tests: short scans and drains, 1 KiB values */
    public static ActorSettings settings(String app, String url) {
        return new ActorSettings(app, url, Duration.ofMillis(50), Duration.ofSeconds(2), 1024);
    }

    /** Waits until the condition holds, failing the test after {@code atMost}. */
    public static void await(Duration atMost, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + atMost);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        runtime.close();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

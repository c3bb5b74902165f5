package dev.bindery.bindings.camel;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.state.InMemoryStateBackend;
import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.spi.binding.BindingsHost;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.state.StateStore;
import dev.bindery.testing.CountingDeliveries;

/**
 * A host for the binding tests: bindings from a map, a function that records every event it is given and answers as
 * the test says, and a state store that several hosts may share (as replicas share an Infinispan cluster).
 */
final class TestHost implements BindingsHost {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    final Map<String, Map<String, String>> bindings = new LinkedHashMap<>();
    final Map<String, String> inputs = new LinkedHashMap<>();
    final List<CloudEvent> received = new CopyOnWriteArrayList<>();
    /** Every request the bindings made, with the credentials they passed. */
    final List<DispatchRequest> requests = new CopyOnWriteArrayList<>();
    /** What each binding's delivery listener was told. */
    private final Map<String, CountingDeliveries> told = new java.util.concurrent.ConcurrentHashMap<>();
    private final StateStore store;
    /** The outcome of a function that returned nothing. */
    static final Outcome NO_REPLY = new Outcome.NoReply("test", false);

    private volatile Function<CloudEvent, CompletionStage<Outcome>> behaviour = event -> CompletableFuture
            .completedFuture(NO_REPLY);

    TestHost() {
        this(new InMemoryStateBackend());
    }

    TestHost(InMemoryStateBackend shared) {
        this.store = new ScopedStateStore("default", shared, KeyScope.prefixed("test"),
                ScopedStateStore.Limits.DEFAULT, MAPPER);
    }

    /** Adds a binding from options given as {@code "option", "value", ...}. */
    TestHost binding(String name, String... options) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        bindings.put(name, map);
        return this;
    }

    TestHost input(String binding, String function) {
        inputs.put(binding, function);
        return this;
    }

    /** The function ends with this outcome for every event. */
    TestHost failing(Outcome failure) {
        behaviour = event -> CompletableFuture.completedFuture(failure);
        return this;
    }

    /** @return the outcome of a function that threw: retryable, or rejected for good */
    static Outcome failure(String function, RuntimeException thrown, boolean retryable) {
        return retryable
                ? new Outcome.Failed(function, "Function '" + function + "' failed: " + thrown.getMessage(), thrown)
                : new Outcome.Rejected(function, "Function '" + function + "' rejected the event: "
                        + thrown.getMessage(), null, thrown);
    }

    TestHost answering(Function<CloudEvent, CompletionStage<Outcome>> answer) {
        behaviour = answer;
        return this;
    }

    BindingsEngine start() {
        BindingsEngine engine = new CamelBindingsProvider().open(this);
        engine.start();
        return engine;
    }

    @Override
    public String appId() {
        return "tests";
    }

    @Override
    public Map<String, Map<String, String>> bindings() {
        return bindings;
    }

    @Override
    public Map<String, String> inputs() {
        return inputs;
    }

    @Override
    public ObjectMapper mapper() {
        return MAPPER;
    }

    @Override
    public Dispatcher dispatcher() {
        return request -> {
            received.add(request.event());
            requests.add(request);
            return behaviour.apply(request.event());
        };
    }

    /** The lag each binding published. */
    final Map<String, java.util.function.LongSupplier> lags = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void lag(String binding, java.util.function.LongSupplier lag) {
        lags.put(binding, lag);
    }

    @Override
    public DeliveryListener deliveries(String binding) {
        return told.computeIfAbsent(binding, b -> new CountingDeliveries());
    }

    /** @return how often the binding's delivery listener was told this */
    int told(String binding, String what) {
        CountingDeliveries listener = told.get(binding);
        return listener == null ? 0 : listener.told(what);
    }

    @Override
    public StateStore store(String name) {
        return store;
    }

    /** A condition that may throw. */
    interface Check {
        boolean holds() throws Exception;
    }

    static void await(String what, Check condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}

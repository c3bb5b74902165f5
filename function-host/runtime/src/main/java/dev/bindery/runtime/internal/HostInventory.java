package dev.bindery.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.spi.pubsub.PubSubBroker;

/**
 * What the host runs, as the admin endpoints, the Dev UI and the console show it: the functions with their routes,
 * the bindings, the topic subscriptions and the state stores, each with its status. Each view is a flat record whose
 * first fields are scalars (what a table shows); never a secret: no option values beyond a store's mode, and binding
 * endpoints with their credentials masked by the bindings engine. Non-blocking.
 */
@Singleton
public class HostInventory {

    /** Running, or consuming; the admin endpoints' status words. */
    static final String RUNNING = "running";
    static final String STARTING = "starting";
    static final String FAILED = "failed";

    private final BinderyConfig config;
    private final FunctionCatalog catalog;
    private final Instance<ActorCatalog> actors;
    private final BindingComponents bindings;
    private final PubSubComponents pubsub;
    private final StateStores stores;
    private final MeterRegistry meters;
    private final Provider<FunctionDispatcher> dispatcher;

    HostInventory(BinderyConfig config, FunctionCatalog catalog, Instance<ActorCatalog> actors,
            BindingComponents bindings, PubSubComponents pubsub, StateStores stores, MeterRegistry meters,
            Provider<FunctionDispatcher> dispatcher) {
        this.dispatcher = dispatcher;
        this.config = config;
        this.catalog = catalog;
        this.actors = actors;
        this.bindings = bindings;
        this.pubsub = pubsub;
        this.stores = stores;
        this.meters = meters;
    }

    /**
     * A function.
     *
     * @param name the function's name (an actor method's is {@code <Type>.<method>})
     * @param trigger what invokes it: {@code event} (HTTP and Knative events matching its routes),
     *        {@code topic <pubsub>/<topic>}, {@code binding <name>} or {@code actor <Type>}
     * @param routes its event filters, one per {@code @OnEvent}, joined by {@code " | "} (each filter's conditions by
     *        {@code " AND "}); null for an actor method
     * @param topic the topic it subscribes to, or null
     * @param pubsub the pub/sub component of that topic, or null
     * @param binding the input binding that feeds it, or null
     * @param actor whether it is an actor method
     * @param filters the routes as lists of conditions ({@code type=greet}, {@code source^=/orders})
     * @param replyType the type of its reply events, or null for an actor method
     * @param executionMode {@code WORKER}, {@code EVENT_LOOP} or {@code VIRTUAL_THREAD}, or null for an actor method
     * @param method the Java method, {@code <class>#<method>}
     */
    public record Function(String name, String trigger, String routes, String topic, String pubsub, String binding,
            boolean actor, List<List<String>> filters, String replyType, String executionMode, String method) {
    }

    /**
     * A binding.
     *
     * @param name the binding's name ({@code bindery.bindings.<name>})
     * @param direction {@code input} (it triggers a function) or {@code output} (functions call it)
     * @param kind its kind ({@code cron}, {@code file}, {@code kafka}, …), or null before the engine is open
     * @param status {@code running}, {@code starting} or {@code failed}
     * @param function the function it triggers, or null for an output binding
     * @param lag messages waiting at its source (Kafka, SQS inputs), -1 when unknown, or null when not measured
     * @param reason why it failed, or null
     * @param endpoint where it reads or writes, without options, credentials masked; null when unknown
     */
    public record Binding(String name, String direction, String kind, String status, String function, Long lag,
            String reason, String endpoint) {
    }

    /**
     * A topic subscription.
     *
     * @param function the subscribed function
     * @param pubsub the pub/sub component
     * @param topic the topic
     * @param status {@code running}, {@code starting} or {@code failed}
     * @param lag the topic's events this member has not processed yet, -1 when unknown (as the
     *        {@code bindery_subscription_lag} gauge)
     * @param deadLetterTopic where events that keep failing go
     * @param reason why it is not delivering, or null
     */
    public record Subscription(String function, String pubsub, String topic, String status, long lag,
            String deadLetterTopic, String reason) {
    }

    /**
     * A state store.
     *
     * @param name the store's name
     * @param type its engine ({@code infinispan}, {@code in-memory}, …)
     * @param mode the engine's {@code mode} option as configured ({@code embedded}, {@code cluster}, {@code remote}
     *        for Infinispan), or null for the engine's default
     * @param status {@code open}, {@code opening}, {@code failed} or {@code closed} (a lazy store not used yet)
     * @param start {@code lazy} or {@code eager}
     * @param keyPrefix how keys are scoped: {@code app-id}, {@code none} or a fixed prefix
     * @param reason why it failed to open, or null
     */
    public record Store(String name, String type, String mode, String status, String start, String keyPrefix,
            String reason) {
    }

    /** @return the functions, in the order the build found them, then the actor methods */
    public List<Function> functions() {
        List<Function> functions = new ArrayList<>();
        Map<String, String> inputs = bindings.inputs();
        for (RecordedFunction function : catalog.functions()) {
            Optional<Subscriptions.Subscription> subscription = Subscriptions.of(function, config);
            String binding = inputs.entrySet().stream().filter(input -> input.getValue().equals(function.getName()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            List<EventFilter> filters = function.eventFilters();
            String trigger = subscription.map(s -> "topic " + s.pubsub() + "/" + s.topic())
                    .orElse(binding != null ? "binding " + binding : "event");
            functions.add(new Function(function.getName(), trigger,
                    String.join(" | ", filters.stream().map(EventFilter::toString).toList()),
                    subscription.map(Subscriptions.Subscription::topic).orElse(null),
                    subscription.map(Subscriptions.Subscription::pubsub).orElse(null), binding, false,
                    filters.stream().map(EventFilter::toStrings).toList(),
                    dispatcher.get().definition(function.getName()).map(FunctionDefinition::replyType).orElse(null),
                    function.getExecutionMode(), function.getClassName() + "#" + function.getMethodName()));
        }
        if (actors.isResolvable()) {
            for (RecordedActor actor : actors.get().actors()) {
                for (int i = 0; i < actor.getMethods().size(); i++) {
                    functions.add(new Function(actor.functionNames().get(i), "actor " + actor.getName(), null, null,
                            null, null, true, List.of(), null, null,
                            actor.getClassName() + "#" + actor.getMethods().get(i)));
                }
            }
        }
        return functions;
    }

    /** @return the configured bindings, by name */
    public List<Binding> bindings() {
        Map<String, String> inputs = bindings.inputs();
        Map<String, String> failures = bindings.failures();
        Optional<String> notReady = bindings.notReady();
        List<Binding> list = new ArrayList<>();
        for (String name : new TreeSet<>(config.bindings().keySet())) {
            Optional<BindingsEngine.Description> description = bindings.describe(name);
            boolean input = inputs.containsKey(name);
            String reason = failures.get(name);
            String status;
            if (reason != null) {
                status = FAILED;
            } else if (notReady.isPresent() && !notReady.get().equals(STARTING)) {
                status = FAILED;
                reason = notReady.get();
            } else {
                status = notReady.isPresent() || description.isEmpty() ? STARTING : RUNNING;
            }
            Gauge lag = input ? meters.find("bindery.binding.lag").tag("binding", name).gauge() : null;
            list.add(new Binding(name, input ? "input" : "output",
                    description.map(BindingsEngine.Description::kind).orElse(null), status, inputs.get(name),
                    lag == null ? null : (long) lag.value(), reason,
                    description.map(BindingsEngine.Description::endpoint).orElse(null)));
        }
        return list;
    }

    /** @return every function's topic subscription */
    public List<Subscription> subscriptions() {
        boolean started = pubsub.started().isDone();
        String startFailure = pubsub.started().isCompletedExceptionally()
                ? pubsub.started().handle((ok, failure) -> String.valueOf(failure)).join()
                : null;
        List<Subscription> list = new ArrayList<>();
        for (Subscriptions.Subscription subscription : Subscriptions.of(catalog, config)) {
            Optional<PubSubBroker.Subscription> running = pubsub.subscription(subscription.pubsub(),
                    subscription.topic());
            String reason = running.flatMap(PubSubBroker.Subscription::failure)
                    .or(() -> pubsub.missingDeadLetterTopic(subscription.pubsub(), subscription.topic()))
                    .orElse(startFailure);
            String status = reason != null ? FAILED : running.isPresent() ? RUNNING : started ? FAILED : STARTING;
            list.add(new Subscription(subscription.function().getName(), subscription.pubsub(), subscription.topic(),
                    status, running.map(PubSubBroker.Subscription::lag).orElse(-1L), subscription.deadLetterTopic(),
                    reason));
        }
        return list;
    }

    /** @return the state stores the application injects, configures or has used, by name */
    public List<Store> stores() {
        Map<String, String> failures = stores.failures();
        List<Store> list = new ArrayList<>();
        for (String name : stores.names()) {
            list.add(new Store(name, stores.type(name), stores.mode(name), stores.status(name), stores.start(name),
                    stores.keyPrefix(name), failures.get(name)));
        }
        return list;
    }

    /** @return the pub/sub components the application configures or subscribes with, and {@code default} */
    public java.util.Set<String> pubsubComponents() {
        java.util.Set<String> names = new TreeSet<>(config.pubsub().keySet());
        names.add("default");
        Subscriptions.of(catalog, config).forEach(subscription -> names.add(subscription.pubsub()));
        return names;
    }
}

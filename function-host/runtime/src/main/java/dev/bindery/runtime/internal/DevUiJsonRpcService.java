package dev.bindery.runtime.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;

/**
 * What the Bindery card of the Quarkus Dev UI reads, over the Dev UI's JSON-RPC (dev mode only): the functions with
 * their routes, the input bindings, the topic subscriptions and the state stores, with their status; and an invoke
 * action that dispatches a CloudEvent to a function as the HTTP ingress would. Never returns a configuration value, so
 * no secret leaves through it.
 */
public class DevUiJsonRpcService {

    /** The transport an event sent from the Dev UI is dispatched with (in logs, metrics and traces). */
    static final String TRANSPORT = "dev-ui";
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(30);

    private final FunctionCatalog catalog;
    private final BinderyConfig config;
    private final FunctionDispatcher dispatcher;
    private final BindingComponents bindings;
    private final PubSubComponents pubsub;
    private final StateStores stores;

    public DevUiJsonRpcService(FunctionCatalog catalog, BinderyConfig config, FunctionDispatcher dispatcher,
            BindingComponents bindings, PubSubComponents pubsub, StateStores stores) {
        this.catalog = catalog;
        this.config = config;
        this.dispatcher = dispatcher;
        this.bindings = bindings;
        this.pubsub = pubsub;
        this.stores = stores;
    }

    /** A function and what triggers it. */
    public record FunctionRow(String name, String trigger, List<String> routes, String execution, String replyType,
            String method) {
    }

    /** An input binding and the function it triggers. */
    public record BindingRow(String name, String function, String status) {
    }

    /** A topic subscription of a function. */
    public record SubscriptionRow(String function, String pubsub, String topic, String deadLetterTopic,
            int retryAttempts, String status) {
    }

    /** A state store named by configuration or opened by a function. */
    public record StoreRow(String name, String type, String status) {
    }

    /** What an invocation from the Dev UI came to. */
    public record InvokeResult(String outcome, int status, String type, String source, String data, String message) {
    }

    /** @return every function the build discovered, with its trigger and routes (event filters) */
    public List<FunctionRow> functions() {
        List<FunctionRow> rows = new ArrayList<>();
        for (RecordedFunction function : catalog.functions()) {
            Optional<Subscriptions.Subscription> subscription = Subscriptions.of(function, config);
            String binding = inputBinding(function);
            String trigger = subscription.map(s -> "topic " + s.pubsub() + "/" + s.topic())
                    .orElse(binding != null ? "binding " + binding : "event");
            List<String> routes = function.getFilters().isEmpty() && subscription.isEmpty() && binding == null
                    ? List.of("type = " + function.getName())
                    : List.copyOf(function.getFilters());
            rows.add(new FunctionRow(function.getName(), trigger, routes, function.getExecutionMode(),
                    function.getReplyType(), function.getClassName() + "#" + function.getMethodName()));
        }
        return rows;
    }

    /** @return the input bindings, with why each one does not run yet (starting, or its failure) */
    public List<BindingRow> bindings() {
        Map<String, String> failures = bindings.failures();
        Optional<String> notReady = bindings.notReady();
        List<BindingRow> rows = new ArrayList<>();
        bindings.inputs().forEach((binding, function) -> rows.add(new BindingRow(binding, function,
                failures.getOrDefault(binding, notReady.orElse("running")))));
        return rows;
    }

    /** @return the topic subscriptions of the functions, with their pub/sub component's status */
    public List<SubscriptionRow> subscriptions() {
        Map<String, String> failures = pubsub.failures();
        boolean started = pubsub.started().isDone();
        List<SubscriptionRow> rows = new ArrayList<>();
        for (Subscriptions.Subscription subscription : Subscriptions.of(catalog, config)) {
            String status = failures.getOrDefault(subscription.pubsub(), started ? "consuming" : "starting");
            rows.add(new SubscriptionRow(subscription.function().getName(), subscription.pubsub(), subscription.topic(),
                    subscription.deadLetterTopic(), subscription.retry().attempts(), status));
        }
        return rows;
    }

    /** @return the configured state stores and those opened so far, with their status */
    public List<StoreRow> stores() {
        Set<String> opened = stores.opening();
        Map<String, String> failures = stores.failures();
        List<String> names = new ArrayList<>(config.state().keySet());
        opened.stream().filter(name -> !names.contains(name)).sorted().forEach(names::add);
        List<StoreRow> rows = new ArrayList<>();
        for (String name : names) {
            BinderyConfig.State settings = config.state().get(name);
            String type = settings == null ? "default engine" : settings.type().orElse("default engine");
            String status = failures.containsKey(name)
                    ? failures.get(name)
                    : opened.contains(name) ? "open" : "opens on first use";
            rows.add(new StoreRow(name, type, status));
        }
        return rows;
    }

    /**
     * Sends a CloudEvent to a function, as a structured event with JSON data would come over HTTP, and waits for the
     * outcome.
     *
     * @param function the function's name
     * @param type the event type; blank for the function's name
     * @param data the event's JSON data; blank for none
     */
    public CompletionStage<InvokeResult> invoke(String function, String type, String data) {
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/q/dev-ui"))
                .withType(type == null || type.isBlank() ? function : type)
                .withTime(OffsetDateTime.now());
        if (data != null && !data.isBlank()) {
            event.withData("application/json", data.getBytes(StandardCharsets.UTF_8));
        }
        return dispatcher.dispatch(DispatchRequest.to(function, event.build(), TRANSPORT))
                .toCompletableFuture()
                .orTimeout(INVOKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(DevUiJsonRpcService::result);
    }

    private static InvokeResult result(Outcome outcome) {
        if (outcome instanceof Outcome.Replied replied) {
            return replied(replied.reply());
        }
        if (outcome instanceof Outcome.NoReply noReply) {
            return new InvokeResult(noReply.duplicate() ? "duplicate" : "no reply", 204, null, null, null, null);
        }
        if (outcome instanceof Outcome.Rejected rejected) {
            return new InvokeResult("rejected", 400, null, null, null, rejected.message());
        }
        if (outcome instanceof Outcome.NotFound notFound) {
            return new InvokeResult("not found", 404, null, null, null, notFound.message());
        }
        if (outcome instanceof Outcome.Failed failed) {
            return new InvokeResult("failed", 500, null, null, null, failed.message());
        }
        if (outcome instanceof Outcome.Denied denied) {
            return new InvokeResult("denied", denied.unauthenticated() ? 401 : 403, null, null, null, denied.message());
        }
        Outcome.HostFailure failure = (Outcome.HostFailure) outcome;
        return new InvokeResult("host failure", 500, null, null, null, failure.message());
    }

    private static InvokeResult replied(CloudEvent reply) {
        String data = reply.getData() == null ? null : new String(reply.getData().toBytes(), StandardCharsets.UTF_8);
        return new InvokeResult("replied", 200, reply.getType(), reply.getSource().toString(), data, null);
    }

    private String inputBinding(RecordedFunction function) {
        return bindings.inputs().entrySet().stream().filter(e -> e.getValue().equals(function.getName()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }
}

package dev.bindery.runtime.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.smallrye.mutiny.Multi;

import dev.bindery.internal.admin.RecentEvent;
import dev.bindery.internal.admin.RecentEvents;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;

/**
 * What the Bindery card of the Quarkus Dev UI reads, over the Dev UI's JSON-RPC (dev mode only): the {@link HostInventory}
 * (functions and their routes, bindings, subscriptions with lag, state stores), the {@link RecentEvents} (the last ones
 * and a live stream), and an invoke action that dispatches a CloudEvent to a function. Returns what the admin endpoints
 * return, so never a secret.
 */
public class DevUiJsonRpcService {

    /** The transport an event sent from the Dev UI is dispatched with (in logs, metrics, traces, recent events). */
    static final String TRANSPORT = "dev-ui";
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(30);
    private static final int RECENT_EVENTS = 100;

    private final HostInventory inventory;
    private final RecentEvents events;
    private final FunctionDispatcher dispatcher;

    public DevUiJsonRpcService(HostInventory inventory, RecentEvents events, FunctionDispatcher dispatcher) {
        this.inventory = inventory;
        this.events = events;
        this.dispatcher = dispatcher;
    }

    /**
     * A recent event as the Dev UI shows it: {@link RecentEvent} with its time as ISO-8601 text (the Dev UI's JSON
     * mapper has no {@code java.time} support) and its data, when recorded, as JSON text.
     */
    public record EventRow(long seq, String time, String transport, String id, String type, String source,
            String subject, String function, String outcome, double durationMs, String traceId, String data) {

        static EventRow of(RecentEvent event) {
            String data = event.data() != null ? event.data().toString() : event.dataBase64();
            return new EventRow(event.seq(), event.time().toString(), event.transport(), event.id(), event.type(),
                    event.source(), event.subject(), event.function(), event.outcome(), event.durationMs(),
                    event.traceId(), data);
        }
    }

    /** What an invocation from the Dev UI came to. */
    public record InvokeResult(String outcome, int status, String type, String source, String data, String message) {
    }

    /** @return every function with what triggers it and its routes, then the actor methods */
    public List<HostInventory.Function> functions() {
        return inventory.functions();
    }

    /** @return the configured bindings with their direction, kind, status and lag */
    public List<HostInventory.Binding> bindings() {
        return inventory.bindings();
    }

    /** @return the topic subscriptions with their status and lag */
    public List<HostInventory.Subscription> subscriptions() {
        return inventory.subscriptions();
    }

    /** @return the state stores with their engine, mode and status */
    public List<HostInventory.Store> stores() {
        return inventory.stores();
    }

    /** @return the last invocations, newest first */
    public List<EventRow> recentEvents() {
        return events.newestFirst(RECENT_EVENTS).stream().map(EventRow::of).toList();
    }

    /** @return every invocation from now on, as it ends */
    public Multi<EventRow> streamEvents() {
        return Multi.createFrom().emitter(emitter -> {
            Runnable unsubscribe = events.subscribe(event -> emitter.emit(EventRow.of(event)));
            emitter.onTermination(unsubscribe);
        });
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
}

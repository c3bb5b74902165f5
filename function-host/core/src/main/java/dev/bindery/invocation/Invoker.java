package dev.bindery.invocation;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;
import io.smallrye.mutiny.Uni;

/**
 * Calls functions of other applications by app id, Dapr's service invocation. A call is a binary-mode CloudEvent
 * POSTed to the callee's ingress at {@code <its url>/<function>}, so the callee's routing, idempotency, access control
 * and telemetry apply as to any event; the trace context, the caller's app id and (once configured) its credentials
 * go with it. Where the callee is found ({@code bindery.apps.<app-id>.url}, or the Kubernetes service of that name),
 * how long an attempt may take and how failures are retried or cut off by a circuit breaker are configuration
 * ({@code bindery.resiliency.*}).
 * <p>
 * Outcomes mirror the callee's: the reply's data; {@code null} when the function returned nothing; or an
 * {@link InvocationException}: {@link InvocationRejectedException} (4xx, never retried),
 * {@link InvocationNotFoundException} (404), {@link InvocationFailedException} (5xx),
 * {@link InvocationUnavailableException} (no endpoint, connection refused, 502/503/504, 429, or the circuit is open) or
 * {@link InvocationTimeoutException}. The blocking methods throw them; the asynchronous ones complete with them.
 * Thread-safe.
 */
public interface Invoker {

    /**
     * Calls the function and blocks until its reply. Not on an event-loop thread: use {@link #invokeAsync} there.
     *
     * @param data the event's data, sent as JSON ({@code byte[]} as it is); null for none
     * @param replyType the reply data's type; {@code Void.class} to ignore it
     * @return the reply's data, or null when the function returned nothing
     * @throws InvocationException when the call did not succeed
     */
    <T> T invoke(String appId, String function, Object data, Class<T> replyType);

    /** As {@link #invoke(String, String, Object, Class)}, with options for this call (a timeout, the event type). */
    <T> T invoke(String appId, String function, Object data, Class<T> replyType, InvokeOptions options);

    /** @return completes with the reply's data (null when none) or with an {@link InvocationException} */
    <T> CompletionStage<T> invokeAsync(String appId, String function, Object data, Class<T> replyType);

    /** As {@link #invokeAsync(String, String, Object, Class)}, with options for this call. */
    <T> CompletionStage<T> invokeAsync(String appId, String function, Object data, Class<T> replyType,
            InvokeOptions options);

    /** @return the call as a {@link Uni}, made when subscribed */
    default <T> Uni<T> invokeUni(String appId, String function, Object data, Class<T> replyType) {
        return Uni.createFrom().completionStage(() -> invokeAsync(appId, function, data, replyType));
    }

    /**
     * Sends the event as it is (its id, source, type and extensions) to the function and completes with the reply
     * event, empty when the function returned nothing.
     */
    CompletionStage<Optional<CloudEvent>> invokeEvent(String appId, String function, CloudEvent event,
            InvokeOptions options);
}

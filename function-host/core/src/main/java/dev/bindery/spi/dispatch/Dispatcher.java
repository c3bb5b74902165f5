package dev.bindery.spi.dispatch;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;

/**
 * The one entry through which every transport delivers events to functions. It resolves the function (one route
 * table, for topic subscribers too), runs the host's {@linkplain Stage stages} around the invocation, and completes
 * with an {@link Outcome} — never exceptionally. Non-blocking functions run on the calling thread; blocking ones are
 * handed to the host's worker executor, so callers on an event loop never block. Thread-safe.
 */
public interface Dispatcher {

    /**
     * Dispatches one event.
     *
     * @param request the event, where it is addressed and which transport brought it; not null
     * @return completes with the outcome, never exceptionally
     */
    CompletionStage<Outcome> dispatch(DispatchRequest request);

    /**
     * Routes the event by its attributes to the function whose filter matches most specifically, and invokes it.
     *
     * @param event the inbound event, not null
     * @param transport the transport that brought it (see {@link DispatchRequest#transport()})
     */
    default CompletionStage<Outcome> dispatch(CloudEvent event, String transport) {
        return dispatch(DispatchRequest.routed(event, transport));
    }

    /**
     * Invokes the named function with the event, ignoring filters (for addresses that name the function, such as
     * {@code POST /greet}, or an input binding's function); {@link Outcome.NotFound} when no function has that name.
     */
    default CompletionStage<Outcome> dispatchTo(String function, CloudEvent event, String transport) {
        return dispatch(DispatchRequest.to(function, event, transport));
    }

    /**
     * Resolves the function the request would go to, as {@link #dispatch} resolves it, without running any stage or
     * the function: for warming the routing path before a snapshot (SnapStart priming) and for diagnostics. Nothing is
     * written, sent or recorded.
     *
     * @param request the event and where it is addressed; not null
     * @return the function's name; empty when none matches, or when this dispatcher cannot tell without dispatching
     *         (the default)
     */
    default Optional<String> resolve(DispatchRequest request) {
        return Optional.empty();
    }
}

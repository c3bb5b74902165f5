package dev.bindery.spi.actors;

import java.util.concurrent.CompletionStage;

import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;

/**
 * Sends an actor call to the member of the cluster that owns the actor. The host's implementation POSTs the event to
 * the owner's CloudEvents ingress with the app's credentials and the hop count; the owner dispatches it through its
 * own pipeline. Thread-safe.
 */
public interface ActorForwarder {

    /**
     * @param ownerUrl the owning member's advertised base URL
     * @param request the call as it was dispatched here; its event carries the actor's type, id and method
     * @param hops how many members the call went through before this one
     * @return completes with the owner's outcome (a failure to reach it is a retryable host failure), never
     *         exceptionally
     */
    CompletionStage<Outcome> forward(String ownerUrl, DispatchRequest request, int hops);
}

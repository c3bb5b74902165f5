package dev.bindery.spi.dispatch;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.cloudevents.CloudEvent;

/**
 * A step of the pipeline that every transport gets: the {@link Dispatcher} runs its stages, in order, around each
 * invocation once the function is chosen. A stage may end the dispatch with an outcome of its own (a duplicate, a
 * denied caller) without calling {@link Chain#proceed}, or act on the outcome of the rest of the chain. Stages are
 * built once at start-up and shared by all events: thread-safe.
 * <p>
 * The host's stages, in order: telemetry (metrics, the span, the log context), security (authentication and access
 * control), the actor turn (order 250: forwarding to the member that owns the actor, one turn at a time), then
 * idempotency. Stages of coming building blocks (resiliency on inbound calls) plug in here:
 * a stage is a CDI bean of type {@code Stage} with an {@link #order()}, picked up by the host at start-up.
 */
public interface Stage {

    /** Order of the telemetry stage: it sees every outcome, including other stages'. */
    int TELEMETRY = 100;
    /** Order for authentication and access control: before anything is remembered or run. */
    int SECURITY = 200;
    /** Order of the idempotency stage. */
    int IDEMPOTENCY = 300;

    /** @return where the stage runs: lower first */
    int order();

    /**
     * @param dispatch the event, its function and transport
     * @param next the rest of the chain (the next stages, then the function)
     * @return the outcome; must complete normally, never exceptionally
     */
    CompletionStage<Outcome> apply(Dispatch dispatch, Chain next);

    /**
     * Called, in stage order, when no function is found for a request, before the dispatcher answers
     * {@link Outcome.NotFound}: a stage may answer instead. The security stage answers an unauthenticated sender 401,
     * so that only a proven caller learns which functions exist.
     *
     * @param request the request
     * @param function the function the request named, or null when it was routed by the event's attributes
     * @return the outcome to answer with, or null to let the next stage (and then the dispatcher) decide
     */
    default Outcome unrouted(DispatchRequest request, String function) {
        return null;
    }

    /**
     * The rest of the chain. A stage may proceed more than once: each call runs the following stages and the function
     * again (what a stage does to retry a transaction that conflicted).
     */
    @FunctionalInterface
    interface Chain {
        CompletionStage<Outcome> proceed(Dispatch dispatch);
    }

    /** One event on its way to its function. Not thread-safe: used by the stages of one dispatch in turn. */
    interface Dispatch {

        /** @return the event, as the previous stages left it */
        CloudEvent event();

        /** @return the function it goes to */
        String function();

        /** @return the request as the transport made it */
        DispatchRequest request();

        /**
         * Replaces the event for the following stages and the function (the security stage removes identity
         * extensions that came from outside and sets the verified caller's).
         */
        void replaceEvent(CloudEvent event);

        /**
         * Makes a context current on the thread that runs the function, for as long as it runs (a trace, a log
         * context, a security identity). Called by stages before {@link Chain#proceed}; the scope is entered on every
         * run of the function, including runs after a stage proceeded again.
         *
         * @param scope called on the function's thread just before it runs; the scope it returns is closed after
         */
        void aroundFunction(Supplier<InvocationListener.Scope> scope);
    }
}

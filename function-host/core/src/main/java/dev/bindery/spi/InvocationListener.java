package dev.bindery.spi;

/**
 * Observes every function invocation, for metrics. Called on the thread that completed the invocation; must be fast
 * and must not throw.
 */
public interface InvocationListener {

    /** How an invocation ended. */
    enum Outcome {
        /** The function returned normally. */
        SUCCESS,
        /** The function threw a retryable exception. */
        FAILURE,
        /** The function rejected the event ({@link dev.bindery.function.EventRejectedException}). */
        REJECTED,
        /** The event's data could not be bound to the function's parameter; the function did not run. */
        INVALID_EVENT
    }

    /** A listener that does nothing. */
    InvocationListener NONE = (function, outcome, nanos) -> {
    };

    /**
     * @param function the function's name
     * @param outcome how the invocation ended
     * @param nanos how long it took, from argument binding to the reply (including asynchronous completion)
     */
    void invoked(String function, Outcome outcome, long nanos);
}

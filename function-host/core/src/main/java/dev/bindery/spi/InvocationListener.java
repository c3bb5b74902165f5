package dev.bindery.spi;

import io.cloudevents.CloudEvent;

/**
 * Observes every function invocation, for metrics, tracing and the log context. Implementations must be fast and
 * must not throw.
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
    InvocationListener NONE = (function, event) -> Invocation.NONE;

    /**
     * An invocation starts. Called on the dispatching thread, where the transport's context (such as the HTTP
     * server's trace) is current, before the function is handed to its executor.
     *
     * @param function the function's name
     * @param event the event it is invoked with
     * @return what to tell when the function runs and ends
     */
    Invocation start(String function, CloudEvent event);

    /** One invocation, from {@link #start} to {@link #end}. */
    interface Invocation {

        /** An invocation that nobody observes. */
        Invocation NONE = new Invocation() {
            @Override
            public Scope enter() {
                return Scope.NONE;
            }

            @Override
            public void end(Outcome outcome, Throwable failure, long nanos) {
            }
        };

        /**
         * The function is about to run on the calling thread: the invocation's context (trace, log context) is
         * current there until the returned scope is closed.
         */
        Scope enter();

        /**
         * The invocation ended; called once, on the thread that completed it.
         *
         * @param outcome how it ended
         * @param failure what the function threw, or null
         * @param nanos how long it took, from argument binding to the reply (including asynchronous completion)
         */
        void end(Outcome outcome, Throwable failure, long nanos);
    }

    /** Restores what {@link Invocation#enter()} changed on the thread. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {

        /** A scope that changed nothing. */
        Scope NONE = () -> {
        };

        @Override
        void close();
    }
}

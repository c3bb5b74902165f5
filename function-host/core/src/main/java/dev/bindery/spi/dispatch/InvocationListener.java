package dev.bindery.spi.dispatch;

import io.cloudevents.CloudEvent;

/**
 * Observes every function invocation, for metrics, tracing and the log context; the dispatcher's telemetry
 * {@link Stage} calls it. Implementations must be fast and must not throw.
 */
public interface InvocationListener {

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
            public void end(Outcome outcome, long nanos) {
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
         * @param outcome how it ended (what was thrown is {@link Outcome#failure()})
         * @param nanos how long it took, from dispatch to the outcome (including asynchronous completion)
         */
        void end(Outcome outcome, long nanos);
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

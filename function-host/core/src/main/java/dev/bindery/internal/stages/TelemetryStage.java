package dev.bindery.internal.stages;

import java.util.concurrent.CompletionStage;

import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;

/**
 * Tells the {@link InvocationListener} (metrics, the span, the log context) of every invocation: started on the
 * dispatching thread, where the transport's context is current; entered on the thread that runs the function; ended
 * with the outcome of the rest of the chain.
 */
public final class TelemetryStage implements Stage {

    private final InvocationListener listener;

    public TelemetryStage(InvocationListener listener) {
        this.listener = listener;
    }

    @Override
    public int order() {
        return TELEMETRY;
    }

    @Override
    public CompletionStage<Outcome> apply(Dispatch dispatch, Chain next) {
        long start = System.nanoTime();
        InvocationListener.Invocation observed = listener.start(dispatch.function(), dispatch.event());
        dispatch.aroundFunction(observed::enter);
        return next.proceed(dispatch).thenApply(outcome -> {
            observed.end(outcome, System.nanoTime() - start);
            return outcome;
        });
    }
}

package dev.bindery.spi;

import java.util.concurrent.CompletionStage;

import io.cloudevents.CloudEvent;

/**
 * The one entry through which every transport delivers events to functions.
 * <p>
 * The returned stage completes with the {@link Reply}, or exceptionally with a {@link DispatchException}:
 * {@link InvalidEventException} (the event is bad, never retry), {@link NoMatchingFunctionException},
 * {@link FunctionFailedException} (retryable unless {@link FunctionFailedException#retryable()} is false) or
 * {@link HostFailureException}. Non-blocking functions run on the calling thread; blocking ones are handed to the
 * host's worker executor, so callers on an event loop never block. Thread-safe.
 */
public interface Dispatcher {

    /**
     * Routes the event by its attributes to the function whose filter matches most specifically, and invokes it.
     *
     * @param event the inbound event, not null
     * @return the reply, or a failure as described on the type
     */
    CompletionStage<Reply> dispatch(CloudEvent event);

    /**
     * Invokes the named function with the event, ignoring filters (for addresses that name the function, such as
     * {@code POST /greet}).
     *
     * @param function the function name
     * @param event the inbound event, not null
     * @return the reply; fails with {@link NoMatchingFunctionException} when no function has that name
     */
    CompletionStage<Reply> dispatchTo(String function, CloudEvent event);
}

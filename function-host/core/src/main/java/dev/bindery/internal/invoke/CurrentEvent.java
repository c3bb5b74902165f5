package dev.bindery.internal.invoke;

import io.cloudevents.CloudEvent;

/**
 * The event whose function is running on this thread, while its method runs: what lets a publish made by the function
 * carry the inbound event's trace context on. Asynchronous continuations of the function do not see it.
 */
public final class CurrentEvent {

    private static final ThreadLocal<CloudEvent> CURRENT = new ThreadLocal<>();
    /** The function that handles it: whose secrets scoping applies to the calls it makes. */
    private static final ThreadLocal<String> FUNCTION = new ThreadLocal<>();

    private CurrentEvent() {
    }

    /** @return the event being handled on this thread, or null */
    public static CloudEvent get() {
        return CURRENT.get();
    }

    /** @return the name of the function running on this thread, or null */
    public static String function() {
        return FUNCTION.get();
    }

    /** @return what was current before, to hand back to {@link #leave} */
    static Entered enter(String function, CloudEvent event) {
        Entered previous = new Entered(FUNCTION.get(), CURRENT.get());
        CURRENT.set(event);
        FUNCTION.set(function);
        return previous;
    }

    static void leave(Entered previous) {
        if (previous.event() == null) {
            CURRENT.remove();
            FUNCTION.remove();
        } else {
            CURRENT.set(previous.event());
            FUNCTION.set(previous.function());
        }
    }

    record Entered(String function, CloudEvent event) {
    }
}

package dev.bindery.internal.invoke;

import io.cloudevents.CloudEvent;

/**
 * The event whose function is running on this thread, while its method runs: what lets a publish made by the function
 * carry the inbound event's trace context on. Asynchronous continuations of the function do not see it.
 */
public final class CurrentEvent {

    /**
     * The event and the function that handles it (whose secrets scoping applies to the calls it makes), or null. Left
     * set to null rather than removed between events: a pooled thread keeps its entry instead of making it again for
     * every event.
     */
    private static final ThreadLocal<Entered> CURRENT = new ThreadLocal<>();

    private CurrentEvent() {
    }

    /** @return the event being handled on this thread, or null */
    public static CloudEvent get() {
        Entered current = CURRENT.get();
        return current == null ? null : current.event();
    }

    /** @return the name of the function running on this thread, or null */
    public static String function() {
        Entered current = CURRENT.get();
        return current == null ? null : current.function();
    }

    /** @return what was current before (null for nothing), to hand back to {@link #leave} */
    static Entered enter(String function, CloudEvent event) {
        Entered previous = CURRENT.get();
        CURRENT.set(new Entered(function, event));
        return previous;
    }

    static void leave(Entered previous) {
        CURRENT.set(previous);
    }

    record Entered(String function, CloudEvent event) {
    }
}

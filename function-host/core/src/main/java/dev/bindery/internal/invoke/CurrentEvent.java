package dev.bindery.internal.invoke;

import io.cloudevents.CloudEvent;

/**
 * The event whose function is running on this thread, while its method runs: what lets a publish made by the function
 * carry the inbound event's trace context on. Asynchronous continuations of the function do not see it.
 */
public final class CurrentEvent {

    private static final ThreadLocal<CloudEvent> CURRENT = new ThreadLocal<>();

    private CurrentEvent() {
    }

    /** @return the event being handled on this thread, or null */
    public static CloudEvent get() {
        return CURRENT.get();
    }

    static CloudEvent enter(CloudEvent event) {
        CloudEvent previous = CURRENT.get();
        CURRENT.set(event);
        return previous;
    }

    static void leave(CloudEvent previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}

package dev.bindery.runtime.internal;

import jakarta.inject.Singleton;

/**
 * Whether this instance is shutting down: from SIGTERM on, the HTTP ingress answers new events 503 (so the events in
 * flight finish and the process exits, however much traffic still arrives) and readiness is DOWN.
 */
@Singleton
public class Draining {

    private volatile boolean draining;

    /** Stops taking new HTTP events; cannot be undone. */
    public void start() {
        draining = true;
    }

    /** @return true once shutting down */
    public boolean draining() {
        return draining;
    }
}

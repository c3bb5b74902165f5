package dev.bindery.internal.invoke;

/** Where a function runs. */
public enum ExecutionMode {
    /** On the transport's thread (an event loop for HTTP): for functions that never block. */
    EVENT_LOOP,
    /** On the host's worker pool: the default for functions that return a plain value. */
    WORKER,
    /** On a new virtual thread per event (Java 21 or newer). */
    VIRTUAL_THREAD
}

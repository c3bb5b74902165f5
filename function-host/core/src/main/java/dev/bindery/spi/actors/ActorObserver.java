package dev.bindery.spi.actors;

import java.time.Duration;

/**
 * Hears what the actor runtime does, for metrics: the host's implementation keeps Micrometer meters. Called on the
 * runtime's threads: must be quick and thread-safe.
 */
public interface ActorObserver {

    /** Observes nothing. */
    ActorObserver NONE = new ActorObserver() {
    };

    /** An actor of the type was activated on this member. */
    default void activated(String type) {
    }

    /** An actor of the type was deactivated on this member. */
    default void deactivated(String type) {
    }

    /** A call to an actor of the type was queued ({@code +1}) or taken from the queue ({@code -1}). */
    default void queue(String type, int delta) {
    }

    /** A turn ended; {@code succeeded} false when it failed or its state could not be saved. */
    default void turn(String type, String method, long nanos, boolean succeeded) {
    }

    /** A call to an actor of the type was sent to the member that owns it. */
    default void forwarded(String type) {
    }

    /** A reminder of an actor of the type was scheduled ({@code +1}) or unscheduled ({@code -1}) on this member. */
    default void reminderScheduled(String type, int delta) {
    }

    /** A reminder fired this much after its due time. */
    default void reminderFired(String type, Duration lateness) {
    }
}

package dev.bindery.spi.dispatch;

/**
 * Observes the messages of one input (a topic subscription or an input binding), for metrics. Implementations are
 * made per input, must be fast and must not throw.
 */
public interface DeliveryListener {

    /** A listener that does nothing. */
    DeliveryListener NONE = new DeliveryListener() {
    };

    /** A message arrived (counted once, however often it is retried). */
    default void received() {
    }

    /** A message was processed and acknowledged to its source (committed, deleted, moved). */
    default void acknowledged() {
    }

    /** A message is delivered to its function again after a failure. */
    default void retried() {
    }

    /** A message was written to the dead-letter destination (and then acknowledged to its source). */
    default void deadLettered() {
    }

    /** A message failed and stays with its source, which delivers it again. */
    default void failed() {
    }
}

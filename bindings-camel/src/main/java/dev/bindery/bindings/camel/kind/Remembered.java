package dev.bindery.bindings.camel.kind;

import java.time.Duration;

/**
 * What an input binding remembers in its state store ({@code state-store}), so that replicas sharing the store agree
 * and a restart does not deliver again.
 */
public enum Remembered {

    /** Nothing: the source acknowledges what was delivered (queues, files moved away). */
    NOTHING(null, false),
    /**
     * Each object seen, for ever: objects stay at their source. An object whose delivery failed is forgotten when the
     * binding has no dead letter, so that the next poll sees it again.
     */
    OBJECTS(null, true),
    /** Each schedule fired, for a day: one replica claims each firing for good. */
    FIRINGS(Duration.ofDays(1), false);

    private final Duration ttl;
    private final boolean forgetsFailures;

    Remembered(Duration ttl, boolean forgetsFailures) {
        this.ttl = ttl;
        this.forgetsFailures = forgetsFailures;
    }

    /** @return how long a key is remembered, or null for ever */
    public Duration ttl() {
        return ttl;
    }

    /** @return whether a message that failed without a dead letter is forgotten, to be seen again */
    public boolean forgetsFailures() {
        return forgetsFailures;
    }
}

package dev.bindery.spi;

import java.util.Objects;
import java.util.Optional;

import io.cloudevents.CloudEvent;

/**
 * What a function produced for one event: a reply event, or none (the function returned {@code void} or null).
 * Immutable.
 */
public final class Reply {

    private static final Reply NONE = new Reply(null, null);

    private final String function;
    private final CloudEvent event;

    private Reply(String function, CloudEvent event) {
        this.function = function;
        this.event = event;
    }

    /**
     * @param function the function that replied
     * @param event the reply event
     * @return a reply carrying an event
     */
    public static Reply of(String function, CloudEvent event) {
        return new Reply(Objects.requireNonNull(function, "function"), Objects.requireNonNull(event, "event"));
    }

    /** @return the reply of a function that produced nothing */
    public static Reply none() {
        return NONE;
    }

    /** @return the reply event, empty when the function produced nothing */
    public Optional<CloudEvent> event() {
        return Optional.ofNullable(event);
    }

    /** @return the function that replied, empty for {@link #none()} */
    public Optional<String> function() {
        return Optional.ofNullable(function);
    }
}

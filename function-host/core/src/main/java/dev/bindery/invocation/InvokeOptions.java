package dev.bindery.invocation;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one call: a timeout for each attempt that overrides the target's timeout policy, and the event's type
 * (default the function's name). Immutable.
 */
public final class InvokeOptions {

    /** No options: the target's policies and the function's name as the type. */
    public static final InvokeOptions DEFAULT = new InvokeOptions(null, null);

    private final Duration timeout;
    private final String type;

    private InvokeOptions(Duration timeout, String type) {
        this.timeout = timeout;
        this.type = type;
    }

    /** @return options with this timeout for each attempt of the call */
    public static InvokeOptions timeout(Duration timeout) {
        return DEFAULT.withTimeout(timeout);
    }

    /** @return these options with this timeout for each attempt (positive) */
    public InvokeOptions withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("An invocation timeout must be positive, not " + timeout);
        }
        return new InvokeOptions(timeout, type);
    }

    /** @return these options with this event type */
    public InvokeOptions withType(String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("An event type must not be blank");
        }
        return new InvokeOptions(timeout, type);
    }

    /** @return the timeout for each attempt, when this call sets one */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** @return the event type, when this call sets one */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }
}

package dev.bindery.invocation;

import java.time.Duration;

/**
 * The callee could not take the call: no endpoint is known for its app id, the connection failed, it answered 502,
 * 503, 504 or 429, or the target's circuit breaker is open. Retryable, except a call the open breaker cut off without
 * trying ({@link #circuitOpen()}): the breaker lets calls through again once its open time is over.
 */
public class InvocationUnavailableException extends InvocationException {

    private static final long serialVersionUID = 1L;

    private final boolean circuitOpen;

    public InvocationUnavailableException(String appId, String function, int status, String reason,
            Duration retryAfter, Throwable cause) {
        this(appId, function, status, reason, retryAfter, cause, false);
    }

    /** @param circuitOpen the call was not tried: the target's circuit breaker is open */
    public InvocationUnavailableException(String appId, String function, int status, String reason,
            Duration retryAfter, Throwable cause, boolean circuitOpen) {
        super(appId, function, status, reason, retryAfter, cause);
        this.circuitOpen = circuitOpen;
    }

    /** @return true when the call was not tried because the target's circuit breaker is open */
    public boolean circuitOpen() {
        return circuitOpen;
    }

    @Override
    public boolean retryable() {
        return !circuitOpen;
    }
}

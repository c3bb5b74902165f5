package dev.bindery.invocation;

import java.time.Duration;
import java.util.Optional;

/**
 * A call to another application's function did not succeed. The message names the app, the function and why; the
 * subclass tells what happened and {@link #retryable()} whether trying again can help.
 */
public class InvocationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String appId;
    private final String function;
    private final int status;
    private final transient Duration retryAfter;

    /**
     * @param status the callee's HTTP status, or -1 when there was no answer
     * @param retryAfter how long the callee asked to wait ({@code Retry-After}), or null
     */
    public InvocationException(String appId, String function, int status, String reason, Duration retryAfter,
            Throwable cause) {
        super("Invoking '" + function + "' of app '" + appId + "': " + reason, cause);
        this.appId = appId;
        this.function = function;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** @return the callee's app id */
    public String appId() {
        return appId;
    }

    /** @return the function called */
    public String function() {
        return function;
    }

    /** @return the callee's HTTP status, or -1 when it did not answer */
    public int status() {
        return status;
    }

    /** @return how long the callee asked to wait before trying again, when it said */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** @return whether the same call may succeed when tried again */
    public boolean retryable() {
        return false;
    }
}

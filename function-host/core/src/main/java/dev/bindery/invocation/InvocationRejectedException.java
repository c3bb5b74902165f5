package dev.bindery.invocation;

import java.time.Duration;

/** The callee refused the call (4xx other than 404 and 429): the event or its data is wrong for it, or the caller may not call it. Never retried. */
public class InvocationRejectedException extends InvocationException {

    private static final long serialVersionUID = 1L;

    public InvocationRejectedException(String appId, String function, int status, String reason, Duration retryAfter,
            Throwable cause) {
        super(appId, function, status, reason, retryAfter, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}

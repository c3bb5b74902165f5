package dev.bindery.invocation;

import java.time.Duration;

/** The callee has no such function, or the function found nothing (404). Never retried. */
public class InvocationNotFoundException extends InvocationException {

    private static final long serialVersionUID = 1L;

    public InvocationNotFoundException(String appId, String function, int status, String reason, Duration retryAfter,
            Throwable cause) {
        super(appId, function, status, reason, retryAfter, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}

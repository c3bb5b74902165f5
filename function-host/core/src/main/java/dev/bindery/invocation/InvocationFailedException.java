package dev.bindery.invocation;

import java.time.Duration;

/** The callee's function or host failed (5xx other than 502, 503, 504). Retryable. */
public class InvocationFailedException extends InvocationException {

    private static final long serialVersionUID = 1L;

    public InvocationFailedException(String appId, String function, int status, String reason, Duration retryAfter,
            Throwable cause) {
        super(appId, function, status, reason, retryAfter, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}

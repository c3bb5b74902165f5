package dev.bindery.invocation;

import java.time.Duration;

/** The callee did not answer within the attempt's timeout. Retryable. */
public class InvocationTimeoutException extends InvocationException {

    private static final long serialVersionUID = 1L;

    public InvocationTimeoutException(String appId, String function, int status, String reason, Duration retryAfter,
            Throwable cause) {
        super(appId, function, status, reason, retryAfter, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}

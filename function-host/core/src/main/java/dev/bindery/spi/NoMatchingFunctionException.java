package dev.bindery.spi;

/**
 * No function matches the event. Transports treat it as retryable (Knative retries a 404 and then dead-letters the
 * event), so an event sent before its function is deployed is not lost.
 */
public class NoMatchingFunctionException extends DispatchException {

    private static final long serialVersionUID = 1L;

    /** @param message which event or function name found no function */
    public NoMatchingFunctionException(String message) {
        super(message, null);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}

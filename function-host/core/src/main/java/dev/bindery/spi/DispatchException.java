package dev.bindery.spi;

/**
 * Why the {@link Dispatcher} could not deliver an event or obtain a reply. Each subtype tells a transport what to do:
 * {@link InvalidEventException} and non-retryable {@link FunctionFailedException}s are never retried; the others may
 * be.
 */
public abstract class DispatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected DispatchException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @return true when delivering the same event again may succeed */
    public abstract boolean retryable();
}

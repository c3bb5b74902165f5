package dev.bindery.spi;

/**
 * The host itself failed around a function, for example while serializing its reply. Retryable.
 */
public class HostFailureException extends DispatchException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public HostFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}

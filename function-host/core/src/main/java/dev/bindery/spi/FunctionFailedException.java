package dev.bindery.spi;

/**
 * The function threw. Retryable unless it threw {@link dev.bindery.function.EventRejectedException}.
 */
public class FunctionFailedException extends DispatchException {

    private static final long serialVersionUID = 1L;

    private final String function;
    private final boolean retryable;

    /**
     * @param function the function that failed
     * @param cause what it threw
     * @param retryable false when the function rejected the event for good
     */
    public FunctionFailedException(String function, Throwable cause, boolean retryable) {
        super("Function '" + function + "' " + (retryable ? "failed: " : "rejected the event: ") + describe(cause), cause);
        this.function = function;
        this.retryable = retryable;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getName() : message;
    }

    /** @return the function's name */
    public String function() {
        return function;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}

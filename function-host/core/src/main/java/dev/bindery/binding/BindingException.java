package dev.bindery.binding;

/**
 * A binding call failed, or the binding or operation is not known. The message names the binding, the operation and
 * the reason.
 */
public class BindingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String binding;
    private final String operation;
    private final boolean retryable;

    /** A failure that is retryable when it has a cause (the call failed on its way), not otherwise. */
    public BindingException(String binding, String operation, String reason, Throwable cause) {
        this(binding, operation, reason, cause, cause != null);
    }

    /** @param retryable whether trying the same call again may succeed (the service failed or was unavailable) */
    public BindingException(String binding, String operation, String reason, Throwable cause, boolean retryable) {
        super("Binding '" + binding + "', operation '" + operation + "': " + reason, cause);
        this.binding = binding;
        this.operation = operation;
        this.retryable = retryable;
    }

    /**
     * @return whether trying the same call again may succeed: the call failed on its way or the service answered that it
     *         failed or is busy (5xx, 429); not when the binding or the service refused the call
     */
    public boolean retryable() {
        return retryable;
    }

    /** @return the binding's name */
    public String binding() {
        return binding;
    }

    /** @return the operation that failed */
    public String operation() {
        return operation;
    }
}

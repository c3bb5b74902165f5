package dev.bindery.binding;

/**
 * A binding call failed, or the binding or operation is not known. The message names the binding, the operation and
 * the reason.
 */
public class BindingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String binding;
    private final String operation;

    public BindingException(String binding, String operation, String reason, Throwable cause) {
        super("Binding '" + binding + "', operation '" + operation + "': " + reason, cause);
        this.binding = binding;
        this.operation = operation;
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

package dev.bindery.spi;

import java.util.Optional;

/**
 * The event is malformed or its data cannot be bound to the function's parameter. Never retried: the same event would
 * fail again. HTTP answers 400.
 */
public class InvalidEventException extends DispatchException {

    private static final long serialVersionUID = 1L;

    private final String attribute;

    /**
     * @param attribute the attribute that is wrong ({@code data} for the payload), or null when not one attribute
     * @param message what is wrong, in words the sender can act on
     * @param cause the underlying parse or binding failure, or null
     */
    public InvalidEventException(String attribute, String message, Throwable cause) {
        super(message, cause);
        this.attribute = attribute;
    }

    /** @return the attribute that is wrong, such as {@code id} or {@code data} */
    public Optional<String> attribute() {
        return Optional.ofNullable(attribute);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}

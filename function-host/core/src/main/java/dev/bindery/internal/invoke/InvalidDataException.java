package dev.bindery.internal.invoke;

/** The event's data (or its content type) does not bind to the function's parameter. Never retried. */
final class InvalidDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String attribute;

    /**
     * @param attribute the attribute that is wrong: {@code data} or {@code datacontenttype}
     * @param message what is wrong, in words the sender can act on
     */
    InvalidDataException(String attribute, String message, Throwable cause) {
        super(message, cause);
        this.attribute = attribute;
    }

    String attribute() {
        return attribute;
    }
}

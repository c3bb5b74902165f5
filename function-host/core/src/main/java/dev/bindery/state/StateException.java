package dev.bindery.state;

/** A state operation failed. Subtypes say why: a conflict, bad input, or the store being unavailable. */
public class StateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StateException(String message) {
        super(message);
    }

    public StateException(String message, Throwable cause) {
        super(message, cause);
    }
}

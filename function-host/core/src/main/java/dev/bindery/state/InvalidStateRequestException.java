package dev.bindery.state;

/**
 * The request is malformed: an empty or over-long key, a key holding the scoping separator {@code ||}, a malformed
 * ETag, a value over the store's size limit, or options that contradict each other. Nothing was written.
 */
public class InvalidStateRequestException extends StateException {

    private static final long serialVersionUID = 1L;

    public InvalidStateRequestException(String message) {
        super(message);
    }
}

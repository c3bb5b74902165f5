package dev.bindery.state;

/**
 * The item changed since it was read (its ETag differs), or it exists where first-write without an ETag required it to
 * be absent. Read it again and retry, or give up: nothing was written.
 */
public class ETagMismatchException extends StateException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ETagMismatchException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** @return the key whose version did not match */
    public String key() {
        return key;
    }
}

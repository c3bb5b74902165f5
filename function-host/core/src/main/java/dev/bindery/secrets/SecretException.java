package dev.bindery.secrets;

/**
 * A secret could not be read. Subtypes say why. The message names the store and the secret, never a value.
 */
public class SecretException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String store;
    private final String secret;

    public SecretException(String store, String secret, String message, Throwable cause) {
        super(message, cause);
        this.store = store;
        this.secret = secret;
    }

    /** @return the store's name */
    public String store() {
        return store;
    }

    /** @return the secret's name, or null when the failure concerns the whole store */
    public String secret() {
        return secret;
    }
}

package dev.bindery.secrets;

/**
 * The store could not be reached (or answered with an error), and no cached value young enough to serve was at hand.
 * The cause is the store client's failure.
 */
public class SecretStoreUnavailableException extends SecretException {

    private static final long serialVersionUID = 1L;

    public SecretStoreUnavailableException(String store, String secret, Throwable cause) {
        super(store, secret, "Secret store '" + store + "' is unavailable"
                + (secret == null ? "" : " (reading '" + secret + "')") + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        return cause == null ? "no answer" : cause.getClass().getSimpleName();
    }
}

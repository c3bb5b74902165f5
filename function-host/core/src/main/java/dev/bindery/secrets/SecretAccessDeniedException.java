package dev.bindery.secrets;

/**
 * Scoping does not let the caller read the secret: the store's {@code denied} list names it, its {@code allowed} list
 * does not, its {@code default-access} is {@code deny}, or the calling function's own list leaves it out.
 */
public class SecretAccessDeniedException extends SecretException {

    private static final long serialVersionUID = 1L;

    public SecretAccessDeniedException(String store, String secret, String reason) {
        super(store, secret, "Access to secret '" + secret + "' of store '" + store + "' is denied: " + reason, null);
    }
}

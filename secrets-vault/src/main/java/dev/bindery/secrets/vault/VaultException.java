package dev.bindery.secrets.vault;

/**
 * Vault could not be reached, refused a call or answered with an error. The message names the store, the secret or
 * path and the HTTP status with Vault's own reasons; it never contains a secret value or a token.
 */
public class VaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The status of a call that got no HTTP answer (connection refused, timeout). */
    public static final int NO_ANSWER = 0;

    private final int status;

    VaultException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** @return Vault's HTTP status, such as 403 or 503, or {@link #NO_ANSWER} when it did not answer */
    public int status() {
        return status;
    }
}

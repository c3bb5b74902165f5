package dev.bindery.secrets;

/** The store has no such secret or key, or no store of that name is configured. */
public class SecretNotFoundException extends SecretException {

    private static final long serialVersionUID = 1L;

    public SecretNotFoundException(String store, String secret) {
        super(store, secret, "Secret store '" + store + "' has no secret '" + secret + "'", null);
    }

    public SecretNotFoundException(String store, String secret, String key) {
        super(store, secret, "Secret '" + secret + "' of store '" + store + "' has no key '" + key + "'", null);
    }

    private SecretNotFoundException(String store, StringBuilder message) {
        super(store, null, message.toString(), null);
    }

    /** @return the failure of a call naming a store that is not configured */
    public static SecretNotFoundException noStore(String store, Iterable<String> configured) {
        return new SecretNotFoundException(store, new StringBuilder("No secret store '").append(store)
                .append("' is configured (bindery.secrets.").append(store).append(".type); configured: ")
                .append(configured));
    }
}

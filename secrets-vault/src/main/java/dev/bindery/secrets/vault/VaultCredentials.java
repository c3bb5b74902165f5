package dev.bindery.secrets.vault;

/** Where a store's Vault token comes from. Safe for concurrent use. */
interface VaultCredentials {

    /**
     * @return the token to send with the next call; may log in to Vault first (blocking)
     * @throws VaultException when a login is needed and fails
     */
    String token();

    /**
     * Vault refused {@code refused} with 403.
     *
     * @return whether a fresh token will be given by the next {@link #token()}, so that the call is worth one more try
     */
    boolean renewAfterDenial(String refused);

    /** A fixed token ({@code auth=token}): a refused one is not renewed, the call just fails. */
    record Fixed(String token) implements VaultCredentials {

        @Override
        public boolean renewAfterDenial(String refused) {
            return false;
        }

        @Override
        public String toString() {
            return "Fixed[token=<hidden>]";
        }
    }
}

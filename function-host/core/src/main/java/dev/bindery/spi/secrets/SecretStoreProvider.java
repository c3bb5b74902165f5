package dev.bindery.spi.secrets;

/**
 * Opens {@link SecretBackend}s of one type. Providers are found with {@link java.util.ServiceLoader}; a store configured
 * with {@code bindery.secrets.<name>.type=<type>} is opened by the provider of that type.
 */
public interface SecretStoreProvider {

    /** @return the type name used in configuration, such as {@code file} or {@code vault} */
    String type();

    /**
     * Opens one store. It must not read any secret yet: the host opens stores while configuration is being built.
     *
     * @param settings the store's name and the backend's own options
     * @throws IllegalArgumentException naming the option that is missing, unknown or wrong
     */
    SecretBackend open(SecretStoreSettings settings);
}

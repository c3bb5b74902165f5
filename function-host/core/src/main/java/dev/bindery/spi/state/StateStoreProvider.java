package dev.bindery.spi.state;

/**
 * Creates {@link StateBackend}s of one type. Providers are found with {@link java.util.ServiceLoader}; a store
 * configured with {@code bindery.state.<name>.type=<type>} is opened by the provider of that type.
 */
public interface StateStoreProvider {

    /** @return the type name used in configuration, such as {@code in-memory} or {@code infinispan} */
    String type();

    /**
     * Opens the backend of one store.
     *
     * @param settings the store's name and the engine's own options
     * @throws IllegalArgumentException naming the option that is missing, unknown or wrong
     */
    StateBackend open(StoreSettings settings);
}

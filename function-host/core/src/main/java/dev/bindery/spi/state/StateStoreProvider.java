package dev.bindery.spi.state;

import java.util.Map;

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
     * @param store the store's name
     * @param config the store's settings: every {@code bindery.state.<name>.<option>} as {@code <option>} → value
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    StateBackend open(String store, Map<String, String> config);
}

package dev.bindery.spi.state;

import java.util.Map;
import java.util.Objects;

/**
 * What the host gives a {@link StateStoreProvider} to open one store. The host keeps its own settings of the store
 * (key scoping, limits, when it starts) and hands the engine only the rest.
 *
 * @param store the store's name, as in {@code bindery.state.<store>.*}; never null
 * @param options the engine's own options: every {@code bindery.state.<store>.<option>} that is not one of the host's,
 *        as {@code <option>} → value; never null, unmodifiable
 */
public record StoreSettings(String store, Map<String, String> options) {

    /** Checks that nothing is null and copies the options. */
    public StoreSettings {
        Objects.requireNonNull(store, "store");
        options = Map.copyOf(options);
    }
}

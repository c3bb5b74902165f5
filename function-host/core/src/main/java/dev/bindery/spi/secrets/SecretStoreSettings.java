package dev.bindery.spi.secrets;

import java.util.Map;
import java.util.Objects;

/**
 * What the host gives a {@link SecretStoreProvider} to open one store.
 *
 * @param store the store's name, as in {@code bindery.secrets.<store>.*}; never null
 * @param options the backend's own options: every {@code bindery.secrets.<store>.<option>} that is not one of the
 *        host's (type, scoping, caching), as {@code <option>} → value; never null, unmodifiable
 */
public record SecretStoreSettings(String store, Map<String, String> options) {

    /** Checks that nothing is null and copies the options. */
    public SecretStoreSettings {
        Objects.requireNonNull(store, "store");
        options = Map.copyOf(options);
    }
}

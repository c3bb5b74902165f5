package dev.bindery.internal.secrets;

import java.util.Set;

import dev.bindery.spi.secrets.SecretStoreSettings;

/** Reads the few options of the stores built into the core (the adapters declare theirs with EngineOptions). */
final class BackendOptions {

    private final SecretStoreSettings settings;

    BackendOptions(SecretStoreSettings settings, Set<String> known) {
        this.settings = settings;
        for (String option : settings.options().keySet()) {
            if (!known.contains(option)) {
                throw new IllegalArgumentException("bindery.secrets." + settings.store() + "." + option
                        + " is not a known option; known options of this store's type: "
                        + known.stream().sorted().toList());
            }
        }
    }

    String required(String option) {
        String value = settings.options().get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Secret store '" + settings.store() + "' needs bindery.secrets."
                    + settings.store() + "." + option);
        }
        return value;
    }

    String option(String option, String defaultValue) {
        String value = settings.options().get(option);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}

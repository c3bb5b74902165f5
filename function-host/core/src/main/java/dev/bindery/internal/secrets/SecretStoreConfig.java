package dev.bindery.internal.secrets;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One store as configured: {@code bindery.secrets.<name>.*}.
 *
 * @param name the store's name
 * @param type the backend's type
 * @param allowByDefault {@code default-access=allow}
 * @param allowed the {@code allowed} list
 * @param denied the {@code denied} list
 * @param cacheTtl how long a value is served before it is read again in the background; zero caches nothing
 * @param maxStale how old a cached value may grow while the store cannot be read
 * @param options the backend's own options
 */
public record SecretStoreConfig(String name, String type, boolean allowByDefault, Set<String> allowed,
        Set<String> denied, Duration cacheTtl, Duration maxStale, Map<String, String> options) {

    /** The options every store has, read by the host; the others are the backend's. */
    public static final Set<String> HOST_OPTIONS = Set.of("type", "default-access", "allowed", "denied", "cache-ttl",
            "max-stale");

    public SecretStoreConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowed = Set.copyOf(allowed);
        denied = Set.copyOf(denied);
        options = Map.copyOf(options);
    }
}

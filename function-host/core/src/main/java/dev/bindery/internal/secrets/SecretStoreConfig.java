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
    /** How long a value is served before it is read again in the background. */
    public static final String DEFAULT_CACHE_TTL = "60s";
    /** How old a cached value may grow while its store cannot be read. */
    public static final String DEFAULT_MAX_STALE = "15m";

    public static final Set<String> HOST_OPTIONS = Set.of("type", "default-access", "allowed", "denied", "cache-ttl",
            "max-stale");

    /**
     * Reads one store's options as configured ({@code <option>} → value), the host's ones with their defaults.
     *
     * @throws IllegalArgumentException naming an option whose value is wrong, or a missing {@code type}
     */
    public static SecretStoreConfig of(String name, Map<String, String> options) {
        String type = options.get("type");
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("Secret store '" + name + "' needs bindery.secrets." + name + ".type");
        }
        String access = options.getOrDefault("default-access", "allow").trim();
        if (!access.equals("allow") && !access.equals("deny")) {
            throw new IllegalArgumentException("bindery.secrets." + name + ".default-access is '" + access
                    + "'; use allow or deny");
        }
        Map<String, String> own = new java.util.TreeMap<>(options);
        own.keySet().removeAll(HOST_OPTIONS);
        return new SecretStoreConfig(name, type.trim(), access.equals("allow"), list(options.get("allowed")),
                list(options.get("denied")),
                Durations.parse(name, "cache-ttl", options.getOrDefault("cache-ttl", DEFAULT_CACHE_TTL)),
                Durations.parse(name, "max-stale", options.getOrDefault("max-stale", DEFAULT_MAX_STALE)), own);
    }

    private static Set<String> list(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toSet());
    }

    public SecretStoreConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        allowed = Set.copyOf(allowed);
        denied = Set.copyOf(denied);
        options = Map.copyOf(options);
    }
}

package dev.bindery.runtime.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.bindery.internal.secrets.SecretReference;
import dev.bindery.internal.secrets.SecretRegistry;
import dev.bindery.internal.secrets.SecretStoreConfig;
import dev.bindery.secrets.SecretException;

/**
 * The secret stores of the running application and the configuration properties that reference their secrets. It is
 * created with the runtime configuration (by {@link SecretReferencesInterceptor}, before any bean exists), so it lives
 * in a holder the beans then take it from; each start of the application replaces it.
 */
public final class SecretReferences {

    private static final AtomicReference<SecretReferences> CURRENT = new AtomicReference<>();
    static final String PREFIX = "bindery.secrets.";

    private volatile SecretRegistry registry;
    /** property → the references in its value, as last resolved. */
    private final Map<String, List<SecretReference>> byProperty = new ConcurrentHashMap<>();

    /** @return the application's references, created with its configuration; a fresh one outside Quarkus */
    public static SecretReferences current() {
        return CURRENT.updateAndGet(existing -> existing == null ? new SecretReferences() : existing);
    }

    /** Starts afresh: a new configuration is being built (the application starts, or starts again in a test). */
    static SecretReferences reset() {
        SecretReferences fresh = new SecretReferences();
        SecretReferences previous = CURRENT.getAndSet(fresh);
        if (previous != null) {
            previous.close();
        }
        return fresh;
    }

    /** What the configuration holds: its property names and their values (profiles applied, expressions expanded). */
    interface Lookup {
        Iterable<String> names();

        String value(String name);
    }

    /**
     * @return the stores, opened on first use from the {@code bindery.secrets.<store>.*} properties
     * @throws IllegalArgumentException naming a store whose configuration is wrong
     */
    SecretRegistry registry(Lookup lookup) {
        SecretRegistry opened = registry;
        if (opened == null) {
            synchronized (this) {
                opened = registry;
                if (opened == null) {
                    opened = open(stores(lookup));
                    registry = opened;
                }
            }
        }
        return opened;
    }

    /**
     * Opens the stores. A store's options may reference secrets of stores whose own options reference none (a Vault
     * token or AWS keys from the {@code env} store): those stores are opened first, the references resolved from them
     * (scoping applies), and then every store is opened with its options as resolved.
     */
    private static SecretRegistry open(Map<String, Map<String, String>> stores) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Map<String, Map<String, String>> plain = new TreeMap<>();
        stores.forEach((store, options) -> {
            if (options.values().stream().noneMatch(SecretReference::mentions)) {
                plain.put(store, options);
            }
        });
        if (plain.size() == stores.size()) {
            return SecretRegistry.open(configs(stores), loader);
        }
        Map<String, Map<String, String>> resolved = new TreeMap<>(stores);
        try (SecretRegistry bootstrap = SecretRegistry.open(configs(plain), loader)) {
            stores.forEach((store, options) -> {
                if (plain.containsKey(store)) {
                    return;
                }
                Map<String, String> own = new TreeMap<>();
                options.forEach((option, value) -> {
                    String property = PREFIX + store + "." + option;
                    own.put(option, SecretReference.mentions(value) ? SecretReference.substitute(value, reference -> {
                        if (stores.containsKey(reference.store()) && !plain.containsKey(reference.store())) {
                            throw new IllegalStateException("Configuration property '" + property + "' references "
                                    + "store '" + reference.store() + "', whose own options reference secrets: a "
                                    + "store's options may reference only stores whose options reference none");
                        }
                        return read(bootstrap, property, reference);
                    }) : value);
                });
                resolved.put(store, own);
            });
        }
        return SecretRegistry.open(configs(resolved), loader);
    }

    private static List<SecretStoreConfig> configs(Map<String, Map<String, String>> stores) {
        return stores.entrySet().stream().map(e -> SecretStoreConfig.of(e.getKey(), e.getValue())).toList();
    }

    private static Map<String, Map<String, String>> stores(Lookup lookup) {
        Map<String, Map<String, String>> options = new TreeMap<>();
        for (String name : lookup.names()) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String store = ComponentRotation.component(name, PREFIX);
            if (store == null) {
                continue;
            }
            int quoted = name.charAt(PREFIX.length()) == '"' ? 2 : 0;
            String option = name.substring(PREFIX.length() + store.length() + quoted + 1);
            String value = lookup.value(name);
            if (value != null) {
                options.computeIfAbsent(store, s -> new TreeMap<>()).put(option, value);
            }
        }
        return options;
    }

    /**
     * Resolves every reference in a property's value. Scoping applies: a reference to a secret the store's lists do not
     * let the application read fails, naming the property and the secret.
     *
     * @return the value with each reference replaced by the secret's value
     * @throws IllegalStateException naming the property, the reference and why it cannot be resolved
     */
    String resolve(String property, String value, Lookup lookup) {
        List<SecretReference> references;
        try {
            references = SecretReference.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Configuration property '" + property + "': " + e.getMessage());
        }
        SecretRegistry stores = registry(lookup);
        Function<SecretReference, String> resolve = reference -> read(stores, property, reference);
        String resolved = SecretReference.substitute(value, resolve);
        byProperty.put(property, references);
        return resolved;
    }

    private static String read(SecretRegistry stores, String property, SecretReference reference) {
        try {
            if (!stores.storeNames().contains(reference.store())) {
                throw new IllegalStateException("no secret store '" + reference.store() + "' is configured; "
                        + "configured: " + stores.storeNames());
            }
            String refusal = stores.refusal(reference.store(), reference.name());
            if (refusal != null) {
                throw new IllegalStateException("access is denied: " + refusal);
            }
            Map<String, String> keys = stores.get(reference.store(), reference.name());
            stores.track(reference.store(), reference.name());
            return pick(reference, keys);
        } catch (SecretException | IllegalStateException e) {
            throw new IllegalStateException("Configuration property '" + property + "' references secret '"
                    + reference.secret() + (reference.key() == null ? "" : "#" + reference.key()) + "': "
                    + e.getMessage(), e instanceof SecretException ? e : null);
        }
    }

    private static String pick(SecretReference reference, Map<String, String> keys) {
        if (reference.key() != null) {
            String value = keys.get(reference.key());
            if (value == null) {
                throw new IllegalStateException("the secret has no key '" + reference.key() + "'; its keys: "
                        + new TreeSet<>(keys.keySet()));
            }
            return value;
        }
        if (keys.size() == 1) {
            return keys.values().iterator().next();
        }
        String value = keys.get(reference.name());
        if (value == null) {
            throw new IllegalStateException("the secret has several keys " + new TreeSet<>(keys.keySet())
                    + "; name one: ${secret:" + reference.secret() + "#<key>}");
        }
        return value;
    }

    /** @return the properties whose value references the secret */
    Set<String> propertiesReferencing(String store, String name) {
        Set<String> properties = new TreeSet<>();
        byProperty.forEach((property, references) -> {
            if (references.stream().anyMatch(r -> r.store().equals(store) && r.name().equals(name))) {
                properties.add(property);
            }
        });
        return properties;
    }

    void close() {
        SecretRegistry opened = registry;
        if (opened != null) {
            opened.close();
        }
    }

    /** Closes the stores of this start, unless a newer start has replaced them already. */
    void closeIfCurrent() {
        if (CURRENT.compareAndSet(this, null)) {
            close();
        }
    }
}

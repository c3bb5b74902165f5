package dev.bindery.internal.secrets;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bindery.secrets.SecretAccessDeniedException;
import dev.bindery.secrets.SecretNotFoundException;
import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * The configured secret stores of one application: opens each with its provider, checks scoping, answers from the
 * stores' caches, and keeps referenced secrets fresh (a background refresh every {@code cache-ttl}, plus the backends'
 * own change notices) so that a rotation is noticed without a call. Listeners hear of rotations.
 */
public final class SecretRegistry implements AutoCloseable {

    private final Map<String, CachedSecretStore> stores;
    private final List<SecretListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> tracked = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;

    private SecretRegistry(Collection<SecretStoreConfig> configs, Map<String, SecretStoreProvider> providers) {
        this.executor = Executors.newCachedThreadPool(threads("bindery-secrets-"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("bindery-secrets-refresh-"));
        Map<String, CachedSecretStore> opened = new TreeMap<>();
        SecretListener fanOut = new SecretListener() {
            @Override
            public void rotated(String store, String name) {
                listeners.forEach(listener -> listener.rotated(store, name));
            }

            @Override
            public void refreshFailed(String store, String name, Throwable failure) {
                listeners.forEach(listener -> listener.refreshFailed(store, name, failure));
            }

            @Override
            public void staleRead(String store, String name) {
                listeners.forEach(listener -> listener.staleRead(store, name));
            }
        };
        try {
            for (SecretStoreConfig config : configs) {
                SecretStoreProvider provider = providers.get(config.type());
                if (provider == null) {
                    throw new IllegalArgumentException("Secret store '" + config.name() + "' has type '"
                            + config.type() + "', but no provider of that type is on the class path; known types: "
                            + new TreeMap<>(providers).keySet());
                }
                SecretBackend backend = provider.open(new SecretStoreSettings(config.name(), config.options()));
                opened.put(config.name(), new CachedSecretStore(config.name(), backend,
                        new SecretScope(config.allowByDefault(), config.allowed(), config.denied()), config.cacheTtl(),
                        config.maxStale(), executor, fanOut));
                if (!config.cacheTtl().isZero()) {
                    long period = Math.max(config.cacheTtl().toMillis(), 100);
                    scheduler.scheduleWithFixedDelay(() -> refreshTracked(config.name()), period, period,
                            TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            opened.values().forEach(CachedSecretStore::close);
            shutdown();
            throw e;
        }
        this.stores = opened;
    }

    /**
     * Opens the stores.
     *
     * @param loader where the providers are looked up
     * @throws IllegalArgumentException naming a store whose type or options are wrong
     */
    public static SecretRegistry open(Collection<SecretStoreConfig> configs, ClassLoader loader) {
        Map<String, SecretStoreProvider> providers = new LinkedHashMap<>();
        for (SecretStoreProvider provider : ServiceLoader.load(SecretStoreProvider.class, loader)) {
            providers.putIfAbsent(provider.type(), provider);
        }
        return new SecretRegistry(configs, providers);
    }

    /** @return the configured stores' names */
    public Set<String> storeNames() {
        return stores.keySet();
    }

    public void addListener(SecretListener listener) {
        listeners.add(listener);
    }

    /**
     * Reads a secret the application reads (scoping of the store checked; a function's own list is the caller's).
     *
     * @throws SecretNotFoundException when there is no such store or secret
     * @throws SecretAccessDeniedException when the store's scoping refuses it
     */
    public Map<String, String> get(String store, String name) {
        CachedSecretStore cached = store(store);
        String refusal = cached.scope().refusal(name);
        if (refusal != null) {
            throw new SecretAccessDeniedException(store, name, refusal);
        }
        Optional<Map<String, String>> secret = cached.get(name);
        return secret.orElseThrow(() -> new SecretNotFoundException(store, name));
    }

    /** @return the names the store's scoping lets the application see */
    public Set<String> names(String store) {
        CachedSecretStore cached = store(store);
        return cached.names().stream().filter(name -> cached.scope().refusal(name) == null)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** @return whether the store's scoping lets the application read the secret */
    public String refusal(String store, String name) {
        return store(store).scope().refusal(name);
    }

    /**
     * Keeps the secret fresh in the background from now on: a configuration value or an injected value depends on
     * it, so a rotation must be noticed even when nobody reads it.
     */
    public void track(String store, String name) {
        store(store);
        tracked.computeIfAbsent(store, s -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(name);
    }

    private void refreshTracked(String store) {
        CachedSecretStore cached = stores.get(store);
        for (String name : tracked.getOrDefault(store, Set.of())) {
            cached.refresh(name);
        }
    }

    private CachedSecretStore store(String store) {
        CachedSecretStore cached = stores.get(store);
        if (cached == null) {
            throw SecretNotFoundException.noStore(store, stores.keySet());
        }
        return cached;
    }

    @Override
    public void close() {
        shutdown();
        stores.values().forEach(CachedSecretStore::close);
    }

    private void shutdown() {
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

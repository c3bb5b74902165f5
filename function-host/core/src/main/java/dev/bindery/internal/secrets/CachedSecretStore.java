package dev.bindery.internal.secrets;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;

import dev.bindery.secrets.SecretStoreUnavailableException;
import dev.bindery.spi.secrets.SecretBackend;

/**
 * One configured store: its backend behind a Caffeine cache. A value older than {@code cache-ttl} is read again in the
 * background on its next use while the cached one is served (refresh-ahead); when that read fails the cached value stays
 * until it is {@code max-stale} old, and each read of it is reported as stale. A refresh that reads a different value
 * is a rotation.
 */
final class CachedSecretStore implements AutoCloseable {

    private final String name;
    private final SecretBackend backend;
    private final SecretScope scope;
    private final SecretListener listener;
    /** {@code cache-ttl=0}: every call reads the backend. */
    private final boolean uncached;
    private final LoadingCache<String, Optional<Map<String, String>>> cache;
    /** Secrets whose last refresh failed: their cached value is stale. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final AutoCloseable watch;

    CachedSecretStore(String name, SecretBackend backend, SecretScope scope, Duration ttl, Duration maxStale,
            Executor executor, SecretListener listener) {
        this.name = name;
        this.backend = backend;
        this.scope = scope;
        this.listener = listener;
        // Caffeine's maximumSize(0) evicts a loaded value later, on its executor, and answers calls from it until
        // then: with cache-ttl=0 get() bypasses the cache instead
        this.uncached = ttl.isZero();
        Caffeine<Object, Object> builder = Caffeine.newBuilder().executor(executor);
        if (ttl.isZero()) {
            builder.maximumSize(0);
        } else {
            builder.refreshAfterWrite(ttl).expireAfterWrite(maxStale.compareTo(ttl) > 0 ? maxStale : ttl);
        }
        this.cache = builder.build(new CacheLoader<>() {
            @Override
            public Optional<Map<String, String>> load(String secret) {
                return read(secret);
            }

            @Override
            public Optional<Map<String, String>> reload(String secret, Optional<Map<String, String>> old) {
                Optional<Map<String, String>> fresh;
                try {
                    fresh = read(secret);
                } catch (RuntimeException e) {
                    failing.add(secret);
                    listener.refreshFailed(name, secret, e.getCause() == null ? e : e.getCause());
                    throw e;
                }
                failing.remove(secret);
                if (!fresh.equals(old)) {
                    // the listener rebuilds what references the secret, reading it again: the cache must hold the
                    // new value by then, and Caffeine installs a reloaded one only after this method returns
                    cache.put(secret, fresh);
                    listener.rotated(name, secret);
                }
                return fresh;
            }
        });
        this.watch = backend.watch(this::changed);
    }

    String name() {
        return name;
    }

    SecretScope scope() {
        return scope;
    }

    /**
     * @return the secret, from the cache when it has a young enough value
     * @throws SecretStoreUnavailableException when the store cannot be read and nothing may be served
     */
    Optional<Map<String, String>> get(String secret) {
        if (uncached) {
            return read(secret);
        }
        try {
            Optional<Map<String, String>> value = cache.get(secret);
            if (failing.contains(secret)) {
                listener.staleRead(name, secret);
            }
            return value;
        } catch (SecretStoreUnavailableException e) {
            throw e;
        } catch (CompletionException e) {
            throw unavailable(secret, e.getCause());
        }
    }

    Set<String> names() {
        try {
            return Set.copyOf(backend.names());
        } catch (RuntimeException e) {
            throw unavailable(null, e);
        }
    }

    /** Reads the secret again now if it is cached (or is being watched for), reporting a rotation when it changed. */
    void refresh(String secret) {
        if (cache.getIfPresent(secret) != null) {
            cache.refresh(secret);
        }
    }

    /** Refreshes every cached secret. */
    void refreshAll() {
        cache.refreshAll(Set.copyOf(cache.asMap().keySet()));
    }

    private void changed(String secret) {
        if (secret == null) {
            refreshAll();
        } else {
            refresh(secret);
        }
    }

    private Optional<Map<String, String>> read(String secret) {
        try {
            return backend.get(secret).map(Map::copyOf);
        } catch (RuntimeException e) {
            throw unavailable(secret, e);
        }
    }

    private SecretStoreUnavailableException unavailable(String secret, Throwable cause) {
        return cause instanceof SecretStoreUnavailableException u
                ? u
                : new SecretStoreUnavailableException(name, secret, cause);
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (Exception e) {
            // the backend is closed next; a watch that fails to stop dies with it
        }
        backend.close();
    }
}

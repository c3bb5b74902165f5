package dev.bindery.state.infinispan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionManager;

import org.infinispan.client.hotrod.Flag;
import org.infinispan.client.hotrod.MetadataValue;
import org.infinispan.client.hotrod.RemoteCache;
import org.infinispan.client.hotrod.RemoteCacheManager;
import org.infinispan.client.hotrod.configuration.ConfigurationBuilder;
import org.infinispan.client.hotrod.configuration.TransactionMode;
import org.infinispan.client.hotrod.exceptions.HotRodClientException;
import org.infinispan.client.hotrod.transaction.lookup.RemoteTransactionManagerLookup;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.support.ETags;
import dev.bindery.spi.support.StateMismatches;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.StateException;

/**
 * A {@link StateBackend} on an Infinispan Server over Hot Rod. Conditional writes use Hot Rod's entry versions: read
 * with metadata, check Bindery's ETag, then {@code replaceWithVersion}/{@code removeWithVersion}, which fail if the
 * entry changed in between. {@link #apply(List)} runs in a Hot Rod transaction (the server cache must be
 * transactional); a concurrent change to a key it read makes the commit fail with {@link ETagMismatchException}.
 * <p>
 * Ownership keeps the {@link StateBackend} defaults: the client is member {@value StateBackend#LOCAL_MEMBER} and owns
 * every key, so every client of the same server acts on every key.
 */
public final class RemoteInfinispanStateBackend implements StateBackend {

    private final RemoteCacheManager manager;
    private final RemoteCache<String, String> cache;
    private final TransactionManager transactions;

    RemoteInfinispanStateBackend(RemoteCacheManager manager, String cacheName) {
        this.manager = manager;
        this.cache = manager.getCache(cacheName);
        if (cache == null) {
            throw new IllegalArgumentException("The Infinispan server has no cache named '" + cacheName
                    + "'; create a transactional cache of that name");
        }
        this.transactions = cache.getTransactionManager();
    }

    static RemoteInfinispanStateBackend open(InfinispanStore store) {
        ConfigurationBuilder client = new ConfigurationBuilder().addServers(store.servers());
        store.options().hotrod().username().ifPresent(user -> {
            var authentication = client.security().authentication().enable().username(user)
                    .password(store.options().hotrod().password().orElse(""));
            store.options().hotrod().saslMechanism().ifPresent(authentication::saslMechanism);
            store.options().hotrod().serverName().ifPresent(authentication::serverName);
            store.options().hotrod().realm().ifPresent(authentication::realm);
        });
        if (store.options().hotrod().tls().enabled()) {
            // the server's certificate must name the host we connect to (hostname validation, through SNI)
            client.security().ssl().enable().sniHostName(store.sniHostName());
            store.options().hotrod().tls().trustStore().ifPresent(file -> client.security().ssl().trustStoreFileName(file));
            store.options().hotrod().tls().trustStorePassword()
                    .ifPresent(pw -> client.security().ssl().trustStorePassword(pw.toCharArray()));
        }
        client.remoteCache(store.cacheName()).transactionMode(TransactionMode.NON_XA)
                .transactionManagerLookup(RemoteTransactionManagerLookup.getInstance());
        return new RemoteInfinispanStateBackend(new RemoteCacheManager(client.build()), store.cacheName());
    }

    @Override
    public Optional<Stored> get(String key) {
        return reached(() -> read(key));
    }

    private Optional<Stored> read(String key) {
        String stored = cache.get(key);
        return stored == null ? Optional.empty() : Optional.of(StoredValueCodec.decode(stored));
    }

    @Override
    public String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
        return reached(() -> write(key, value, expectedEtag, ifAbsent, ttl));
    }

    private String write(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
        String etag = ETags.next();
        String encoded = StoredValueCodec.encode(value, etag, ttl == null ? null : Instant.now().plus(ttl));
        long lifespan = ttl == null ? -1 : ttl.toMillis();
        if (expectedEtag != null) {
            MetadataValue<String> current = checked(key, expectedEtag);
            if (!cache.replaceWithVersion(key, encoded, current.getVersion(), lifespan, TimeUnit.MILLISECONDS, -1,
                    TimeUnit.MILLISECONDS)) {
                throw StateMismatches.etag(key, expectedEtag, "(changed concurrently)");
            }
        } else if (ifAbsent) {
            if (cache.withFlags(Flag.FORCE_RETURN_VALUE).putIfAbsent(key, encoded, lifespan,
                    TimeUnit.MILLISECONDS) != null) {
                throw StateMismatches.exists(key);
            }
        } else {
            cache.put(key, encoded, lifespan, TimeUnit.MILLISECONDS);
        }
        return etag;
    }

    @Override
    public void remove(String key, String expectedEtag) {
        reached(() -> {
            delete(key, expectedEtag);
            return null;
        });
    }

    private void delete(String key, String expectedEtag) {
        if (expectedEtag == null) {
            cache.remove(key);
            return;
        }
        MetadataValue<String> current = checked(key, expectedEtag);
        if (!cache.removeWithVersion(key, current.getVersion())) {
            throw StateMismatches.etag(key, expectedEtag, "(changed concurrently)");
        }
    }

    private MetadataValue<String> checked(String key, String expectedEtag) {
        MetadataValue<String> current = cache.getWithMetadata(key);
        String etag = current == null ? null : StoredValueCodec.etagOf(current.getValue());
        if (!expectedEtag.equals(etag)) {
            throw StateMismatches.etag(key, expectedEtag, etag);
        }
        return current;
    }

    @Override
    public void apply(List<Write> writes) {
        reached(() -> {
            transact(writes);
            return null;
        });
    }

    private void transact(List<Write> writes) {
        try {
            transactions.begin();
        } catch (Exception e) {
            throw new StateException("Cannot start a Hot Rod transaction: " + e.getMessage(), e);
        }
        try {
            for (Write write : writes) {
                String current = cache.get(write.key());
                String etag = current == null ? null : StoredValueCodec.etagOf(current);
                if (write.expectedEtag() != null && !write.expectedEtag().equals(etag)) {
                    throw StateMismatches.etag(write.key(), write.expectedEtag(), etag);
                }
                if (write.ifAbsent() && current != null) {
                    throw StateMismatches.exists(write.key());
                }
                if (write.checkOnly()) {
                    continue;
                }
                if (write.value() == null) {
                    cache.remove(write.key());
                } else {
                    Duration ttl = write.ttl();
                    String encoded = StoredValueCodec.encode(write.value(), write.etagOrNew(),
                            ttl == null ? null : Instant.now().plus(ttl));
                    cache.put(write.key(), encoded, ttl == null ? -1 : ttl.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (RuntimeException e) {
            try {
                transactions.rollback();
            } catch (Exception rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        try {
            transactions.commit();
        } catch (RollbackException e) {
            throw new ETagMismatchException(writes.isEmpty() ? "" : writes.get(0).key(),
                    "A key of the transaction changed concurrently; nothing was applied");
        } catch (Exception e) {
            throw new StateException("The Hot Rod transaction did not commit: " + e.getMessage(), e);
        }
    }

    /** Iterates the server's keys (every member's, segment by segment); expired entries are left out. */
    /**
     * Runs a call to the server; the Hot Rod client's own failures (the server unreachable, a broken connection) become a
     * {@link StateException}, as every engine's do.
     */
    private static <T> T reached(Supplier<T> call) {
        try {
            return call.get();
        } catch (HotRodClientException e) {
            throw new StateException("The Infinispan server did not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> keys(String prefix, int limit) {
        return reached(() -> PrefixedKeys.list(cache.keySet().iterator(), prefix, limit));
    }

    @Override
    public void close() {
        manager.stop();
    }
}

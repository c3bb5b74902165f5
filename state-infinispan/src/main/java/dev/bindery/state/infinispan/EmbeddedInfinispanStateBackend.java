package dev.bindery.state.infinispan;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.transaction.Status;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import org.infinispan.AdvancedCache;
import org.infinispan.configuration.cache.GroupsConfiguration;
import org.infinispan.context.Flag;
import org.infinispan.distribution.DistributionManager;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.partitionhandling.AvailabilityException;
import org.infinispan.partitionhandling.AvailabilityMode;
import org.infinispan.remoting.transport.Address;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.support.StateMismatches;
import dev.bindery.state.StateException;

/**
 * A {@link StateBackend} on an embedded Infinispan cache (local or distributed) that is transactional with pessimistic
 * locking. Every write runs in a transaction that locks the key, checks the ETag and writes, so a conditional write can
 * never interleave with another; {@link #apply(List)} runs all its writes in one transaction, committed only when every
 * condition held. TTL is Infinispan's lifespan.
 * <p>
 * In a cluster a key belongs to its primary owner. The cache groups keys with {@link ActorKeyGrouper}, so the keys
 * {@code <a>||<b>||<c>||<rest>} of an actor share the segment, and so the owner, of its key {@code <a>||<b>||<c>}. A
 * member is named by its node UUID, the same on every member. When the cluster splits, a partition without the
 * majority of the members (or without every owner of a segment) is degraded: it refuses every write, and reads of the
 * keys whose owners it cannot all reach, with a {@link StateException} instead of diverging.
 * <p>
 * On a local cache persisted to a file store, a transaction that writes several keys goes through a
 * {@link TransactionJournal}, so a killed process leaves it whole or absent, never in part.
 */
public final class EmbeddedInfinispanStateBackend implements StateBackend {

    private final EmbeddedCacheManager manager;
    private final AdvancedCache<String, String> cache;
    private final TransactionManager transactions;
    private final boolean ownsManager;
    /** Null when the cache is not clustered. */
    private final DistributionManager distribution;
    private final String member;
    /** Null when the cache is not clustered. */
    private final OwnershipNotifier ownership;
    /** Null unless the manager defines the cache's journal (a local, persisted cache started by this module). */
    private final TransactionJournal journal;

    /**
     * @param manager the cache manager; closed with the backend when {@code ownsManager}
     * @param cacheName a transactional, pessimistic cache defined in the manager
     */
    public EmbeddedInfinispanStateBackend(EmbeddedCacheManager manager, String cacheName, boolean ownsManager) {
        this.manager = manager;
        this.cache = manager.<String, String>getCache(cacheName).getAdvancedCache();
        this.transactions = cache.getTransactionManager();
        if (transactions == null) {
            throw new IllegalArgumentException("Cache '" + cacheName + "' is not transactional; Bindery's state needs "
                    + "a transactional cache with pessimistic locking");
        }
        requireGroupedStringKeys(cache, cacheName);
        this.ownsManager = ownsManager;
        boolean clustered = cache.getCacheConfiguration().clustering().cacheMode().isClustered();
        this.distribution = clustered ? cache.getDistributionManager() : null;
        this.member = manager.getAddress() == null ? LOCAL_MEMBER : name(manager.getAddress());
        this.ownership = clustered ? OwnershipNotifier.watch(cache) : null;
        String journalName = TransactionJournal.cacheName(cacheName);
        this.journal = !clustered && manager.getCacheConfiguration(journalName) != null
                ? new TransactionJournal(manager.getCache(journalName))
                : null;
        if (journal != null) {
            completeJournaledTransactions();
        }
    }

    /** Applies again, whole, each transaction whose journal record a kill left (the commit may have stopped midway). */
    private void completeJournaledTransactions() {
        journal.pending().forEach((id, written) -> {
            inTransaction(() -> {
                written.forEach((key, stored) -> TransactionJournal.replay(cache, key, stored));
                return null;
            }, null);
            journal.drop(id);
        });
    }

    /** An actor's keys are placed by their text: the cache must keep keys as strings and group them. */
    private static void requireGroupedStringKeys(AdvancedCache<String, String> cache, String cacheName) {
        Object stored = cache.getKeyDataConversion().toStorage("key");
        if (!(stored instanceof String)) {
            throw new IllegalArgumentException("Cache '" + cacheName + "' stores its keys as "
                    + cache.getKeyDataConversion().getStorageMediaType() + " (" + stored.getClass().getName()
                    + "); Bindery places an actor's keys by their text and needs them stored as Java strings: remove the "
                    + "key encoding from the cache's configuration or set it to application/x-java-object");
        }
        GroupsConfiguration groups = cache.getCacheConfiguration().clustering().hash().groups();
        if (!groups.enabled() || groups.groupers().stream().noneMatch(ActorKeyGrouper.class::isInstance)) {
            throw new IllegalArgumentException("Cache '" + cacheName + "' does not group actor keys; open it with "
                    + "InfinispanStateStoreProvider, which configures the grouping");
        }
    }

    /** @return the underlying cache (for tests and benchmarks) */
    public AdvancedCache<String, String> cache() {
        return cache;
    }

    @Override
    public Optional<Stored> get(String key) {
        String stored;
        try {
            stored = cache.get(key);
        } catch (AvailabilityException e) {
            throw unavailable(e);
        }
        return stored == null ? Optional.empty() : Optional.of(StoredValueCodec.decode(stored));
    }

    @Override
    public String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
        return journaled(List.of(new Write(key, value, expectedEtag, ifAbsent, ttl)));
    }

    @Override
    public void remove(String key, String expectedEtag) {
        journaled(List.of(new Write(key, null, expectedEtag, false, null)));
    }

    @Override
    public void apply(List<Write> writes) {
        journaled(writes);
    }

    /**
     * Runs the writes in one transaction; with a journal, under the keys' stripes, and recorded in the journal before
     * the commit when they change more than one key.
     *
     * @return the ETag of the last write
     */
    private String journaled(List<Write> writes) {
        if (journal == null) {
            return inTransaction(() -> writeAll(writes, null), null);
        }
        List<String> keys = writes.stream().map(Write::key).toList();
        Map<String, String> written = new HashMap<>();
        String[] record = new String[1];
        try (TransactionJournal.Stripes stripes = journal.lock(keys)) {
            try {
                return inTransaction(() -> writeAll(writes, written), () -> {
                    if (written.size() > 1) {
                        record[0] = outsideTransaction(() -> journal.record(written));
                    }
                });
            } finally {
                if (record[0] != null) {
                    journal.drop(record[0]); // while the stripes are held: no later write of these keys is replayed over
                }
            }
        }
    }

    private String writeAll(List<Write> writes, Map<String, String> written) {
        String etag = null;
        for (Write write : writes) {
            etag = write(write, written);
        }
        return etag;
    }

    /**
     * Iterates this member's data only (memory and file store, expired entries left out): on a single node that is
     * every key; in a cluster it includes every key this member is the primary owner of, which is what
     * {@link #ownedHere(String)} asks a member to act on.
     */
    @Override
    public List<String> keys(String prefix, int limit) {
        return PrefixedKeys.list(cache.withFlags(Flag.CACHE_MODE_LOCAL).keySet().iterator(), prefix, limit);
    }

    /**
     * In a cluster, true on the key's primary owner only (it changes with the cluster's membership); an actor's keys
     * are owned with the actor's.
     */
    @Override
    public boolean ownedHere(String key) {
        return distribution == null || distribution.getCacheTopology()
                .getDistribution(cache.getKeyDataConversion().toStorage(key)).isPrimary();
    }

    @Override
    public String member() {
        return member;
    }

    /** The key's primary owner in the current topology; the same answer as {@link #ownedHere(String)}. */
    @Override
    public String ownerOf(String key) {
        if (distribution == null) {
            return member;
        }
        Address primary = distribution.getCacheTopology().getDistribution(cache.getKeyDataConversion().toStorage(key))
                .primary();
        if (primary == null) {
            throw new StateException("No member of the cluster owns key '" + key + "' now (members were lost); retry "
                    + "when the cluster is whole again");
        }
        return name(primary);
    }

    /** Whether the member is in the cluster's current view (JGroups), which changes before the cache moves data. */
    @Override
    public boolean isMember(String member) {
        List<Address> members = manager.getMembers();
        if (members == null) {
            return this.member.equals(member);
        }
        for (Address address : members) {
            if (name(address).equals(member)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Called on a thread of this backend after a topology outside a rebalance (a member left, or a rebalance finished)
     * changed the segments this member is the primary owner of. Never called when the cache is not clustered.
     */
    @Override
    public AutoCloseable onOwnershipChange(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        return ownership == null ? () -> {
        } : ownership.add(listener);
    }

    /** Not {@link Address#toString()}: that is the JGroups logical name when this JVM knows it, else the UUID. */
    private static String name(Address address) {
        return address.getNodeUUID().toString();
    }

    /**
     * Locks the key, checks the conditions, writes; inside the caller's transaction.
     *
     * @param written when not null, gets the key's stored value (null for a removal)
     */
    private String write(Write write, Map<String, String> written) {
        String key = write.key();
        boolean conditional = write.expectedEtag() != null || write.ifAbsent();
        if (conditional) {
            cache.lock(key);
        }
        if (write.expectedEtag() != null) {
            String current = cache.get(key);
            String etag = current == null ? null : StoredValueCodec.etagOf(current);
            if (!write.expectedEtag().equals(etag)) {
                throw StateMismatches.etag(key, write.expectedEtag(), etag);
            }
        } else if (write.ifAbsent() && cache.containsKey(key)) {
            throw StateMismatches.exists(key);
        }
        if (write.checkOnly()) {
            return write.expectedEtag(); // locked and compared: the condition holds until the transaction ends
        }
        if (write.value() == null) {
            cache.remove(key);
            if (written != null) {
                written.put(key, null);
            }
            return null;
        }
        String etag = write.etagOrNew();
        String stored;
        if (write.ttl() == null) {
            stored = StoredValueCodec.encode(write.value(), etag, null);
            cache.put(key, stored);
        } else {
            Instant expiresAt = Instant.now().plus(write.ttl());
            stored = StoredValueCodec.encode(write.value(), etag, expiresAt);
            cache.put(key, stored, write.ttl().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (written != null) {
            written.put(key, stored);
        }
        return etag;
    }

    /** @param beforeCommit runs after the work, before the commit, when not null */
    private <T> T inTransaction(Supplier<T> work, Runnable beforeCommit) {
        if (distribution != null && cache.getAvailability() != AvailabilityMode.AVAILABLE) {
            // checked before the transaction: a write Infinispan refuses as the transaction's first command leaves
            // the transaction in its table (never enlisted, so the rollback does not reach it) until the cache stops
            throw unavailable(null);
        }
        try {
            transactions.begin();
        } catch (Exception e) {
            throw new StateException("Cannot start a state transaction: " + e.getMessage(), e);
        }
        T result;
        try {
            result = work.get();
            if (beforeCommit != null) {
                beforeCommit.run();
            }
        } catch (AvailabilityException e) {
            rollback();
            throw unavailable(e);
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
        try {
            transactions.commit();
        } catch (Exception e) {
            rollbackIfActive();
            throw new StateException("The state write did not commit: " + e.getMessage(), e);
        }
        return result;
    }

    /** Runs the work with the thread's transaction suspended, so its cache calls are not part of it. */
    private <T> T outsideTransaction(Supplier<T> work) {
        Transaction suspended;
        try {
            suspended = transactions.suspend();
        } catch (Exception e) {
            throw new StateException("Cannot suspend a state transaction: " + e.getMessage(), e);
        }
        try {
            return work.get();
        } finally {
            try {
                transactions.resume(suspended);
            } catch (Exception e) {
                throw new StateException("Cannot resume a state transaction: " + e.getMessage(), e);
            }
        }
    }

    /** The cluster is split, and this partition lacks the majority or an owner of a key. */
    private StateException unavailable(AvailabilityException e) {
        return new StateException("The state store's cache '" + cache.getName() + "' refuses "
                + (e == null ? "writes" : "reads and writes of this key") + " while the cluster is split or lost members"
                + (e == null ? "" : " (" + e.getMessage() + ")") + "; retry when the members reach each other again", e);
    }

    private void rollback() {
        try {
            transactions.rollback();
        } catch (Exception e) {
            throw new StateException("Rolling back a state transaction failed: " + e.getMessage(), e);
        }
    }

    private void rollbackIfActive() {
        try {
            if (transactions.getStatus() == Status.STATUS_ACTIVE
                    || transactions.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                transactions.rollback();
            }
        } catch (Exception ignored) {
            // the transaction is already finished; the commit failure is what the caller sees
        }
    }

    @Override
    public void close() {
        if (ownership != null) {
            ownership.close();
        }
        if (ownsManager) {
            manager.stop();
        }
    }
}

package dev.bindery.spi.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bindery.spi.support.ETags;
import dev.bindery.state.ETagMismatchException;

/**
 * The bytes-level store behind a {@link dev.bindery.state.StateStore}: what an engine (in-memory, Infinispan, …)
 * implements. The host validates and scopes keys, serializes values and checks limits before calling it, so a
 * backend sees only well-formed, already-scoped keys.
 * <p>
 * A backend creates the ETags: opaque strings of letters, digits, {@code -}, {@code _}, {@code .} or {@code :}, that
 * change on every write and are never reused for a key (so a deleted and re-created item never matches an old ETag).
 * Every method is thread-safe and atomic per call; {@link #apply(List)} is atomic across its writes, which is what the
 * transactional outbox relies on: its entries are ordinary writes in the same {@code apply} as the state change.
 */
public interface StateBackend extends AutoCloseable {

    /** A stored value, its ETag and its expiry (null for never). */
    record Stored(byte[] value, String etag, Instant expiresAt) {
    }

    /**
     * One write of a transaction: a put ({@code value} not null), a remove, or a check that changes nothing.
     *
     * @param expectedEtag the ETag the item must have, or null for no condition
     * @param ifAbsent for puts: the key must be absent
     * @param ttl for puts: the time to live, or null for none
     * @param etag for puts: the ETag the item gets, made by the host with {@link ETags#next()}
     *        when it had to tell the caller before the write was applied (writes buffered until an event's outcome);
     *        null for the backend to make one
     * @param checkOnly true for a {@linkplain #check check}: the item is locked for the transaction and its ETag
     *        compared, nothing is written
     */
    record Write(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl, String etag,
            boolean checkOnly) {

        public Write {
            if (checkOnly && (expectedEtag == null || value != null)) {
                throw new IllegalArgumentException("A check names the ETag expected and writes no value");
            }
        }

        /** A put or remove with the ETag it gets. */
        public Write(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl, String etag) {
            this(key, value, expectedEtag, ifAbsent, ttl, etag, false);
        }

        /** A write whose new ETag the backend makes. */
        public Write(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
            this(key, value, expectedEtag, ifAbsent, ttl, null, false);
        }

        /**
         * @return a condition of the transaction: the key still has this ETag when the transaction commits (the key is
         *         locked as for a write, so no other transaction changes it in between); nothing is written
         */
        public static Write check(String key, String expectedEtag) {
            return new Write(key, null, expectedEtag, false, null, null, true);
        }

        /** @return the ETag given, or a new one */
        public String etagOrNew() {
            return etag != null ? etag : ETags.next();
        }
    }

    /** @return the value, or empty when absent or expired */
    Optional<Stored> get(String key);

    /**
     * Stores the value if the conditions hold.
     *
     * @return the new ETag
     * @throws ETagMismatchException when {@code expectedEtag} differs from the stored one (or the key is absent), or
     *         {@code ifAbsent} is set and the key exists
     */
    String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl);

    /**
     * Removes the key if the condition holds; removing an absent key without a condition does nothing.
     *
     * @throws ETagMismatchException when {@code expectedEtag} is given and differs, or the key is absent
     */
    void remove(String key, String expectedEtag);

    /**
     * Applies the writes in order, all or nothing.
     *
     * @throws ETagMismatchException for the first write whose condition fails; then nothing is applied
     */
    void apply(List<Write> writes);

    /**
     * Lists stored keys that start with the prefix: the host uses it to find what its transactional outbox still has
     * to relay. Expired items are left out. The listing is a snapshot that need not reflect writes made while it runs;
     * in a cluster it covers every member's keys. It may scan the whole store, so the host calls it rarely (when the
     * store opens and periodically), never per event.
     *
     * @param limit the most keys to return; when that many are returned, there may be more
     * @return up to {@code limit} keys, in no particular order
     */
    List<String> keys(String prefix, int limit);

    /**
     * Tells whether this member is the one to act alone on the key, so that work found by {@link #keys(String, int)}
     * (relaying an outbox entry) is done by one member of a cluster: the key's primary owner. A store with one member,
     * or a client of a remote server, owns every key (then several clients may act on one key; the host tolerates it).
     *
     * @return true when this member should act on the key; the answer may change when the cluster changes
     */
    default boolean ownedHere(String key) {
        return true;
    }

    /** The member name of a backend that is not part of a cluster. */
    String LOCAL_MEMBER = "local";

    /**
     * @return this member's name in the store's cluster, stable while the member runs; {@value #LOCAL_MEMBER} for a
     *         store with one member or a client of a remote server
     */
    default String member() {
        return LOCAL_MEMBER;
    }

    /**
     * The member that owns the key: the one for which {@link #ownedHere(String)} is true, to which work on the key is
     * sent. Keys are placed in groups: a key of the form {@code <a>||<b>||<c>||<rest>} is placed with
     * {@code <a>||<b>||<c>} (an actor's state, lease and reminders stay with the actor's key), other keys on their own.
     *
     * @return the owning member's name; {@link #member()} for a store with one member
     */
    default String ownerOf(String key) {
        return member();
    }

    /** @return true while the named member is part of the store's cluster */
    default boolean isMember(String member) {
        return member().equals(member);
    }

    /**
     * Registers a listener called after the keys owned here changed (a member joined or left and the cluster finished
     * moving data). Called on a backend thread: it must return quickly and hand work off.
     *
     * @return closes the registration
     */
    default AutoCloseable onOwnershipChange(Runnable listener) {
        return () -> {
        };
    }

    /** Releases the backend's resources. */
    @Override
    void close();
}

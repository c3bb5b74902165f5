package dev.bindery.internal.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bindery.internal.outbox.OutboxEntry;
import dev.bindery.spi.dispatch.InvocationListener.Scope;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateBackend.Stored;
import dev.bindery.spi.state.StateBackend.Write;
import dev.bindery.spi.support.StateMismatches;

/**
 * The writes a function makes to one store while it handles an event, held until the event's outcome instead of
 * applied at once: the idempotency stage opens one for the store that remembers the event, makes it current on the
 * function's thread, and then commits the held writes together with the event's mark in one transaction
 * ({@link ScopedStateStore#commit}), or drops them when the function did not succeed. Reads through the store see the
 * held writes. A held write's conditions (ETag, insert-only) are checked when it is made, against what the store and
 * the held writes say then, so the function sees a mismatch at once; they are checked again by the commit, which
 * fails as a whole if another writer changed a key in between.
 * <p>
 * Used by the function's thread while it runs, then by the stage: never by two threads at once.
 */
public final class UnitOfWork {

    private static final ThreadLocal<UnitOfWork> CURRENT = new ThreadLocal<>();

    private final String store;
    private final List<Write> writes = new ArrayList<>();
    private final Map<String, Optional<Stored>> view = new HashMap<>();
    private final List<OutboxEntry> entries = new ArrayList<>();

    /** @param store the name of the store whose writes are held */
    public UnitOfWork(String store) {
        this.store = store;
    }

    /** @return the unit of work current on this thread for the store, or null when its writes apply at once */
    static UnitOfWork current(String store) {
        UnitOfWork work = CURRENT.get();
        return work != null && work.store.equals(store) ? work : null;
    }

    /** Makes this unit of work current on this thread; closing the scope restores what was current before. */
    public Scope enter() {
        return swap(this);
    }

    /**
     * Makes no unit of work current on this thread, for a function dispatched while another runs on it: its writes
     * are not the other's.
     */
    public static Scope suspend() {
        return CURRENT.get() == null ? Scope.NONE : swap(null);
    }

    private static Scope swap(UnitOfWork work) {
        UnitOfWork previous = CURRENT.get();
        CURRENT.set(work);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** @return the store's item as the held writes leave it */
    Optional<Stored> read(String key, StateBackend backend) {
        Optional<Stored> held = view.get(key);
        if (held == null) {
            return backend.get(key);
        }
        return held.filter(stored -> stored.expiresAt() == null || stored.expiresAt().isAfter(Instant.now()));
    }

    /**
     * Holds the writes, all or none: each condition is checked against what the store and the writes before it say.
     *
     * @return the new ETag of each write, null for removes
     * @throws dev.bindery.state.ETagMismatchException (with the backend key) when a condition fails; nothing is held
     */
    List<String> hold(List<Write> batch, StateBackend backend) {
        Map<String, Optional<Stored>> changed = new HashMap<>();
        List<Write> given = new ArrayList<>(batch.size());
        List<String> etags = new ArrayList<>(batch.size());
        for (Write write : batch) {
            Optional<Stored> current = changed.containsKey(write.key())
                    ? changed.get(write.key())
                    : read(write.key(), backend);
            String etag = current.map(Stored::etag).orElse(null);
            if (write.expectedEtag() != null && !write.expectedEtag().equals(etag)) {
                throw StateMismatches.etag(write.key(), write.expectedEtag(), etag);
            }
            if (write.ifAbsent() && current.isPresent()) {
                throw StateMismatches.exists(write.key());
            }
            if (write.value() == null) {
                changed.put(write.key(), Optional.empty());
                given.add(write);
                etags.add(null);
            } else {
                Write withEtag = new Write(write.key(), write.value(), write.expectedEtag(), write.ifAbsent(),
                        write.ttl(), write.etagOrNew());
                Instant expiresAt = write.ttl() == null ? null : Instant.now().plus(write.ttl());
                changed.put(write.key(), Optional.of(new Stored(write.value(), withEtag.etag(), expiresAt)));
                given.add(withEtag);
                etags.add(withEtag.etag());
            }
        }
        view.putAll(changed);
        writes.addAll(given);
        return etags;
    }

    /** Holds the outbox entries of a transaction whose writes were held: relayed only once the commit succeeds. */
    void holdPublishes(List<OutboxEntry> published) {
        entries.addAll(published);
    }

    List<Write> writes() {
        return writes;
    }

    List<OutboxEntry> entries() {
        return entries;
    }

    /** @return the name of the store whose writes are held */
    public String store() {
        return store;
    }
}

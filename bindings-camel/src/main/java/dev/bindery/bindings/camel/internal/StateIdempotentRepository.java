package dev.bindery.bindings.camel.internal;

import java.time.Duration;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateStore;

/**
 * Camel's idempotent consumer over a Bindery state store: {@link #add} inserts the key only when absent, so of several
 * replicas sharing the store exactly one wins it. It remembers the objects a bucket binding has seen and the schedules
 * a once-per-cluster cron binding has fired.
 */
public final class StateIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final StateStore store;
    private final Duration ttl;

    /**
     * @param store the store, shared by the replicas that must agree
     * @param ttl how long a key is remembered, or null for ever
     */
    public StateIdempotentRepository(StateStore store, Duration ttl) {
        this.store = store;
        this.ttl = ttl;
    }

    @Override
    public boolean add(String key) {
        SaveOptions options = ttl == null ? SaveOptions.ifAbsent() : SaveOptions.ifAbsent().withTtl(ttl);
        try {
            store.save(key, System.currentTimeMillis(), options);
            return true;
        } catch (ETagMismatchException taken) {
            return false;
        }
    }

    @Override
    public boolean contains(String key) {
        return store.get(key).isPresent();
    }

    @Override
    public boolean remove(String key) {
        store.delete(key);
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("A state store's keys are not cleared by a binding");
    }
}

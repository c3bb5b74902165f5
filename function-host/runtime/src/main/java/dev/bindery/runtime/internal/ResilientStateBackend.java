package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.InvalidStateRequestException;
import dev.bindery.state.StateException;

/**
 * A state store's engine under the store's outbound resiliency policies ({@code bindery.resiliency.targets.components.
 * <store>.outbound}): each call is one attempt under the timeout, retried while the store is unreachable, cut off by
 * the circuit breaker while it is open. A conflict ({@link ETagMismatchException}) or a bad request is the answer, not
 * a failure: never retried, never counted by the breaker. A timeout or an open breaker surfaces as a
 * {@link StateException} naming the store.
 */
final class ResilientStateBackend implements StateBackend {

    private final String store;
    private final StateBackend backend;
    private final ResiliencyPolicies.Policies policies;

    private ResilientStateBackend(String store, StateBackend backend, ResiliencyPolicies.Policies policies) {
        this.store = store;
        this.backend = backend;
        this.policies = policies;
    }

    /** @return the backend under the store's policies, or the backend itself when it has none */
    static StateBackend of(String store, StateBackend backend, ResiliencyPolicies resiliency) {
        ResiliencyPolicies.Policies policies = resiliency.component(store, ResilientStateBackend::retryable);
        return policies.guard() == null ? backend : new ResilientStateBackend(store, backend, policies);
    }

    /**
     * Whether trying again may help: the store failed (a {@link StateException}: every engine reports an unreachable
     * server so), rather than answering that a condition does not hold or the request is wrong.
     */
    static boolean retryable(Throwable failure) {
        return failure instanceof StateException && !(failure instanceof ETagMismatchException)
                && !(failure instanceof InvalidStateRequestException);
    }

    @SuppressWarnings("unchecked")
    private <T> T guarded(Supplier<T> call) {
        try {
            return (T) policies.guard().get((Supplier<Object>) call, Object.class);
        } catch (RuntimeException e) {
            throw policies.cutOff(e).<RuntimeException>map(reason -> new StateException("State store '" + store
                    + "' is unavailable: " + reason, e)).orElse(e);
        }
    }

    @Override
    public Optional<Stored> get(String key) {
        return guarded(() -> backend.get(key));
    }

    @Override
    public String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
        return guarded(() -> backend.put(key, value, expectedEtag, ifAbsent, ttl));
    }

    @Override
    public void remove(String key, String expectedEtag) {
        guarded(() -> {
            backend.remove(key, expectedEtag);
            return null;
        });
    }

    @Override
    public void apply(List<Write> writes) {
        guarded(() -> {
            backend.apply(writes);
            return null;
        });
    }

    @Override
    public List<String> keys(String prefix, int limit) {
        return guarded(() -> backend.keys(prefix, limit));
    }

    @Override
    public boolean ownedHere(String key) {
        return backend.ownedHere(key);
    }

    @Override
    public String member() {
        return backend.member();
    }

    @Override
    public String ownerOf(String key) {
        return backend.ownerOf(key);
    }

    @Override
    public boolean isMember(String member) {
        return backend.isMember(member);
    }

    @Override
    public AutoCloseable onOwnershipChange(Runnable listener) {
        return backend.onOwnershipChange(listener);
    }

    @Override
    public void close() {
        backend.close();
    }
}

package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.StateException;

/**
 * A backend opened on first use or in the background: each call starts the opening if nobody has, waits for it, or
 * fails with why it did not open (until an attempt to open it again succeeds).
 */
final class OpeningStateBackend implements StateBackend {

    private final Supplier<CompletableFuture<StateBackend>> open;
    private volatile CompletableFuture<StateBackend> opening;

    OpeningStateBackend(Supplier<CompletableFuture<StateBackend>> open) {
        this.open = open;
    }

    /** Sends the calls from now on to another backend of the same store (rebuilt after a secret's rotation). */
    void replace(CompletableFuture<StateBackend> backend) {
        this.opening = backend;
    }

    private StateBackend backend() {
        CompletableFuture<StateBackend> opening = this.opening;
        if (opening == null || opening.isCompletedExceptionally()) {
            // a failed open is tried again once its backoff is over (the supplier decides)
            opening = open.get();
            this.opening = opening;
        }
        try {
            // at once when open; a failed open is a StateException with its reason, never the raw CompletionException
            return opening.join();
        } catch (CompletionException e) {
            throw new StateException("The state store could not be opened: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public Optional<Stored> get(String key) {
        return backend().get(key);
    }

    @Override
    public String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
        return backend().put(key, value, expectedEtag, ifAbsent, ttl);
    }

    @Override
    public void remove(String key, String expectedEtag) {
        backend().remove(key, expectedEtag);
    }

    @Override
    public void apply(List<Write> writes) {
        backend().apply(writes);
    }

    @Override
    public List<String> keys(String prefix, int limit) {
        return backend().keys(prefix, limit);
    }

    @Override
    public boolean ownedHere(String key) {
        return backend().ownedHere(key);
    }

    @Override
    public String member() {
        return backend().member();
    }

    @Override
    public String ownerOf(String key) {
        return backend().ownerOf(key);
    }

    @Override
    public boolean isMember(String member) {
        return backend().isMember(member);
    }

    @Override
    public AutoCloseable onOwnershipChange(Runnable listener) {
        return backend().onOwnershipChange(listener);
    }

    @Override
    public void close() {
        // the StateStores registry closes the real backend
    }
}

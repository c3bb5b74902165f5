package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.bindery.spi.StateBackend;
import dev.bindery.state.StateException;

/** A backend that is still being opened in the background: each call waits for it, or fails with why it did not open. */
final class OpeningStateBackend implements StateBackend {

    private final CompletableFuture<StateBackend> opening;

    OpeningStateBackend(CompletableFuture<StateBackend> opening) {
        this.opening = opening;
    }

    private StateBackend backend() {
        StateBackend open = opening.getNow(null);
        if (open != null) {
            return open;
        }
        try {
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
    public void close() {
        // the StateStores registry closes the real backend
    }
}

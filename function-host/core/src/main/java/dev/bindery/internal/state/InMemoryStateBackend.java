package dev.bindery.internal.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.support.ETags;
import dev.bindery.spi.support.StateMismatches;

/**
 * A {@link StateBackend} in this process's memory: for unit tests and local runs. Every write takes one lock, which
 * makes transactions trivially atomic; reads take it too. Nothing survives a restart.
 */
public final class InMemoryStateBackend implements StateBackend {

    private final Map<String, Stored> items = new HashMap<>();
    private final Clock clock;

    public InMemoryStateBackend() {
        this(Clock.systemUTC());
    }

    public InMemoryStateBackend(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Stored> get(String key) {
        return Optional.ofNullable(live(key));
    }

    @Override
    public synchronized String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
        check(key, expectedEtag, ifAbsent);
        return store(key, value, ttl, ETags.next());
    }

    @Override
    public synchronized void remove(String key, String expectedEtag) {
        check(key, expectedEtag, false);
        items.remove(key);
    }

    @Override
    public synchronized void apply(List<Write> writes) {
        Map<String, Stored> before = new HashMap<>(items);
        try {
            for (Write write : writes) {
                if (write.checkOnly()) {
                    check(write.key(), write.expectedEtag(), false);
                } else if (write.value() == null) {
                    remove(write.key(), write.expectedEtag());
                } else {
                    check(write.key(), write.expectedEtag(), write.ifAbsent());
                    store(write.key(), write.value(), write.ttl(), write.etagOrNew());
                }
            }
        } catch (RuntimeException e) {
            items.clear();
            items.putAll(before);
            throw e;
        }
    }

    @Override
    public synchronized List<String> keys(String prefix, int limit) {
        List<String> found = new ArrayList<>();
        for (String key : List.copyOf(items.keySet())) {
            if (found.size() == limit) {
                break;
            }
            if (key.startsWith(prefix) && live(key) != null) {
                found.add(key);
            }
        }
        return found;
    }

    private void check(String key, String expectedEtag, boolean ifAbsent) {
        Stored current = live(key);
        if (expectedEtag != null && (current == null || !current.etag().equals(expectedEtag))) {
            throw StateMismatches.etag(key, expectedEtag, current == null ? null : current.etag());
        }
        if (ifAbsent && current != null) {
            throw StateMismatches.exists(key);
        }
    }

    private String store(String key, byte[] value, Duration ttl, String etag) {
        items.put(key, new Stored(value.clone(), etag, ttl == null ? null : clock.instant().plus(ttl)));
        return etag;
    }

    private Stored live(String key) {
        Stored stored = items.get(key);
        if (stored != null && stored.expiresAt() != null && !stored.expiresAt().isAfter(Instant.now(clock))) {
            items.remove(key);
            return null;
        }
        return stored;
    }

    @Override
    public void close() {
    }
}

package dev.bindery.internal.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.outbox.Outbox;
import dev.bindery.internal.outbox.OutboxEntry;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateBackend.Stored;
import dev.bindery.spi.state.StateBackend.Write;
import dev.bindery.spi.support.ETags;
import dev.bindery.state.BulkResult;
import dev.bindery.state.Concurrency;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.InvalidStateRequestException;
import dev.bindery.state.OutboxPublish;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateException;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateOperation;
import dev.bindery.state.StateStore;

/**
 * The {@link StateStore} every backend is used through: validates keys, ETags and sizes, scopes keys, serializes
 * values with Jackson ({@code byte[]} is stored as it is) and turns Dapr's options into backend conditions. While a
 * {@link UnitOfWork} for this store is current on the calling thread, writes are held in it (and reads see them)
 * until it is {@linkplain #commit committed}.
 */
public final class ScopedStateStore implements StateStore {

    /** Limits on what callers may store. */
    public record Limits(int maxKeyLength, int maxValueBytes) {
        public static final Limits DEFAULT = new Limits(1024, 1024 * 1024);
    }

    private final String name;
    private final StateBackend backend;
    private final KeyScope scope;
    private final Limits limits;
    private final ObjectMapper mapper;
    private final Outbox outbox;

    /** A store without an outbox: a transaction with publishes is refused. */
    public ScopedStateStore(String name, StateBackend backend, KeyScope scope, Limits limits, ObjectMapper mapper) {
        this(name, backend, scope, limits, mapper, null);
    }

    /** @param outbox records and relays the publishes of transactions; null for none */
    public ScopedStateStore(String name, StateBackend backend, KeyScope scope, Limits limits, ObjectMapper mapper,
            Outbox outbox) {
        this.name = name;
        this.backend = backend;
        this.scope = scope;
        this.limits = limits;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<StateItem> get(String key) {
        String scoped = scoped(key);
        UnitOfWork work = UnitOfWork.current(name);
        return (work == null ? backend.get(scoped) : work.read(scoped, backend)).map(stored -> item(key, stored));
    }

    @Override
    public String save(String key, Object value) {
        return save(key, value, SaveOptions.NONE);
    }

    @Override
    public String save(String key, Object value, SaveOptions options) {
        Write write = toWrite(StateOperation.save(key, value, options));
        try {
            UnitOfWork work = UnitOfWork.current(name);
            if (work != null) {
                return work.hold(List.of(write), backend).get(0);
            }
            return backend.put(write.key(), write.value(), write.expectedEtag(), write.ifAbsent(), write.ttl());
        } catch (ETagMismatchException e) {
            throw unscoped(e);
        }
    }

    @Override
    public void delete(String key) {
        String scoped = scoped(key);
        UnitOfWork work = UnitOfWork.current(name);
        if (work != null) {
            work.hold(List.of(new Write(scoped, null, null, false, null)), backend);
        } else {
            backend.remove(scoped, null);
        }
    }

    @Override
    public void delete(String key, String etag) {
        if (etag == null) {
            throw new InvalidStateRequestException("An ETag must not be null; call delete(key) for an unconditional "
                    + "delete");
        }
        Write write = toWrite(StateOperation.delete(key, etag));
        try {
            UnitOfWork work = UnitOfWork.current(name);
            if (work != null) {
                work.hold(List.of(write), backend);
            } else {
                backend.remove(write.key(), write.expectedEtag());
            }
        } catch (ETagMismatchException e) {
            throw unscoped(e);
        }
    }

    @Override
    public Map<String, StateItem> getBulk(List<String> keys) {
        Map<String, StateItem> found = new LinkedHashMap<>();
        for (String key : keys) {
            get(key).ifPresent(item -> found.put(key, item));
        }
        return found;
    }

    @Override
    public List<BulkResult> saveBulk(List<StateOperation> saves) {
        List<BulkResult> results = new ArrayList<>(saves.size());
        for (StateOperation save : saves) {
            try {
                if (save.kind() != StateOperation.Kind.SAVE) {
                    throw new InvalidStateRequestException("saveBulk takes saves; key '" + save.key() + "' is a "
                            + save.kind());
                }
                results.add(BulkResult.ok(save.key(), save(save.key(), save.value(), save.options())));
            } catch (StateException e) {
                results.add(BulkResult.failed(save.key(), e));
            }
        }
        return results;
    }

    @Override
    public List<BulkResult> deleteBulk(List<StateOperation> deletes) {
        List<BulkResult> results = new ArrayList<>(deletes.size());
        for (StateOperation delete : deletes) {
            try {
                if (delete.kind() != StateOperation.Kind.DELETE) {
                    throw new InvalidStateRequestException("deleteBulk takes deletes; key '" + delete.key()
                            + "' is a " + delete.kind());
                }
                if (delete.etag().isPresent()) {
                    delete(delete.key(), delete.etag().get());
                } else {
                    delete(delete.key());
                }
                results.add(BulkResult.ok(delete.key(), null));
            } catch (StateException e) {
                results.add(BulkResult.failed(delete.key(), e));
            }
        }
        return results;
    }

    @Override
    public void transact(List<StateOperation> operations) {
        List<Write> writes = new ArrayList<>(operations.size());
        for (StateOperation operation : operations) {
            writes.add(toWrite(operation));
        }
        try {
            UnitOfWork work = UnitOfWork.current(name);
            if (work != null) {
                work.hold(writes, backend);
            } else {
                backend.apply(writes);
            }
        } catch (ETagMismatchException e) {
            throw unscoped(e);
        }
    }

    @Override
    public List<String> transact(List<StateOperation> operations, List<OutboxPublish> publishes) {
        if (publishes.isEmpty()) {
            transact(operations);
            return List.of();
        }
        if (outbox == null) {
            throw new IllegalStateException("State store '" + name + "' has no outbox to publish from");
        }
        List<Write> writes = new ArrayList<>(operations.size() + publishes.size());
        for (StateOperation operation : operations) {
            writes.add(toWrite(operation));
        }
        List<OutboxEntry> entries = outbox.entries(publishes);
        writes.addAll(outbox.writes(entries));
        UnitOfWork work = UnitOfWork.current(name);
        if (work != null) {
            try {
                work.hold(writes, backend);
            } catch (ETagMismatchException e) {
                throw unscoped(e);
            }
            work.holdPublishes(entries);
            return ids(entries);
        }
        outbox.committing(entries);
        try {
            backend.apply(writes);
        } catch (ETagMismatchException e) {
            outbox.aborted(entries);
            throw unscoped(e);
        } catch (RuntimeException e) {
            outbox.aborted(entries);
            throw e;
        }
        outbox.committed(name, backend, entries);
        return ids(entries);
    }

    /**
     * Applies the given operations (an event's mark: its condition is checked first), then the writes a unit of work
     * held for this store, in one transaction, and relays the publishes it held once that committed.
     *
     * @throws ETagMismatchException naming the first key whose condition failed (another writer changed it since the
     *         function read it, or the operations' own condition); nothing was applied
     * @throws StateException when the store cannot commit; nothing was applied
     */
    public void commit(UnitOfWork work, List<StateOperation> operations) {
        if (!work.store().equals(name)) {
            throw new IllegalArgumentException("The unit of work holds writes for store '" + work.store()
                    + "', not '" + name + "'");
        }
        List<Write> writes = new ArrayList<>(work.writes().size() + operations.size());
        for (StateOperation operation : operations) {
            writes.add(toWrite(operation));
        }
        writes.addAll(work.writes());
        List<OutboxEntry> entries = work.entries();
        if (!entries.isEmpty()) {
            outbox.committing(entries);
        }
        try {
            backend.apply(writes);
        } catch (ETagMismatchException e) {
            if (!entries.isEmpty()) {
                outbox.aborted(entries);
            }
            throw unscoped(e);
        } catch (RuntimeException e) {
            if (!entries.isEmpty()) {
                outbox.aborted(entries);
            }
            throw e;
        }
        if (!entries.isEmpty()) {
            outbox.committed(name, backend, entries);
        }
    }

    private static List<String> ids(List<OutboxEntry> entries) {
        return entries.stream().map(entry -> entry.event().getId()).toList();
    }

    private Write toWrite(StateOperation operation) {
        String key = scoped(operation.key());
        String etag = operation.etag().orElse(null);
        if (etag != null) {
            String problem = ETags.problem(etag);
            if (problem != null) {
                throw new InvalidStateRequestException(problem + " (key '" + operation.key() + "')");
            }
        }
        if (operation.kind() == StateOperation.Kind.DELETE) {
            return new Write(key, null, etag, false, null);
        }
        SaveOptions options = operation.options();
        boolean ifAbsent = options.concurrency() == Concurrency.FIRST_WRITE && etag == null;
        Duration ttl = options.ttl().orElse(null);
        return new Write(key, serialize(operation.key(), operation.value()), etag, ifAbsent, ttl);
    }

    private byte[] serialize(String key, Object value) {
        byte[] bytes;
        if (value instanceof byte[] raw) {
            bytes = raw;
        } else {
            try {
                bytes = mapper.writeValueAsBytes(value);
            } catch (JsonProcessingException e) {
                throw new InvalidStateRequestException("The value for key '" + key + "' (" + value.getClass().getName()
                        + ") cannot be serialized as JSON: " + e.getOriginalMessage());
            }
        }
        if (bytes.length > limits.maxValueBytes()) {
            throw new InvalidStateRequestException("The value for key '" + key + "' has " + bytes.length
                    + " bytes; store '" + name + "' accepts at most " + limits.maxValueBytes()
                    + " (bindery.state." + name + ".max-value-size)");
        }
        return bytes;
    }

    private String scoped(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidStateRequestException("A state key must not be empty");
        }
        if (key.length() > limits.maxKeyLength()) {
            throw new InvalidStateRequestException("State key '" + key.substring(0, Math.min(32, key.length())) + "…' has "
                    + key.length()
                    + " characters; store '" + name + "' accepts at most " + limits.maxKeyLength()
                    + " (bindery.state." + name + ".max-key-length)");
        }
        if (key.contains(KeyScope.SEPARATOR)) {
            throw new InvalidStateRequestException("State key '" + key + "' contains '" + KeyScope.SEPARATOR
                    + "', which separates the application scope from the key");
        }
        return scope.scoped(key);
    }

    private StateItem item(String key, Stored stored) {
        return new StateItem(key, stored.value(), stored.etag(), stored.expiresAt(), mapper);
    }

    private ETagMismatchException unscoped(ETagMismatchException e) {
        String key = scope.unscoped(e.key());
        return new ETagMismatchException(key, e.getMessage().replace(e.key(), key));
    }
}

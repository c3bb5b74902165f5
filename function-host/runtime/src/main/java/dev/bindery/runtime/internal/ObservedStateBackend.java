package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.ETagMismatchException;

/**
 * Times every state operation ({@code bindery.state.operations}: tags {@code store}, {@code operation} get, save,
 * delete or transaction, {@code outcome} success, conflict — an ETag or first-write condition failed — or error) and,
 * inside a trace, records it as a client span.
 */
final class ObservedStateBackend implements StateBackend {

    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
    private static final AttributeKey<String> DB_COLLECTION = AttributeKey.stringKey("db.collection.name");
    private static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation.name");

    private final String store;
    private final String type;
    private final StateBackend delegate;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private static final String[] OPERATIONS = {"get", "save", "delete", "transaction"};
    private static final String[] OUTCOMES = {"success", "conflict", "error"};
    private static final int GET = 0;
    private static final int SAVE = 1;
    private static final int DELETE = 2;
    private static final int TRANSACTION = 3;
    private static final int SUCCESS = 0;
    private static final int CONFLICT = 1;
    private static final int ERROR = 2;

    /** Made on first use, per operation and outcome. */
    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OPERATIONS.length * OUTCOMES.length);

    ObservedStateBackend(String store, String type, StateBackend delegate, MeterRegistry registry, Tracer tracer) {
        this.store = store;
        this.type = type;
        this.delegate = delegate;
        this.registry = registry;
        this.tracer = tracer;
    }

    @Override
    public Optional<Stored> get(String key) {
        return observe(GET, () -> delegate.get(key));
    }

    @Override
    public String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
        return observe(SAVE, () -> delegate.put(key, value, expectedEtag, ifAbsent, ttl));
    }

    @Override
    public void remove(String key, String expectedEtag) {
        observe(DELETE, () -> {
            delegate.remove(key, expectedEtag);
            return null;
        });
    }

    @Override
    public void apply(List<Write> writes) {
        observe(TRANSACTION, () -> {
            delegate.apply(writes);
            return null;
        });
    }

    @Override
    public List<String> keys(String prefix, int limit) {
        return delegate.keys(prefix, limit);
    }

    @Override
    public boolean ownedHere(String key) {
        return delegate.ownedHere(key);
    }

    @Override
    public String member() {
        return delegate.member();
    }

    @Override
    public String ownerOf(String key) {
        return delegate.ownerOf(key);
    }

    @Override
    public boolean isMember(String member) {
        return delegate.isMember(member);
    }

    @Override
    public AutoCloseable onOwnershipChange(Runnable listener) {
        return delegate.onOwnershipChange(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T observe(int op, Supplier<T> call) {
        String operation = OPERATIONS[op];
        Context parent = Context.current();
        Span span = Span.fromContext(parent).getSpanContext().isValid()
                ? tracer.spanBuilder(operation + " " + store).setParent(parent).setSpanKind(SpanKind.CLIENT)
                        .setAttribute(DB_SYSTEM, type).setAttribute(DB_COLLECTION, store)
                        .setAttribute(DB_OPERATION, operation).startSpan()
                : null;
        long start = System.nanoTime();
        int outcome = ERROR;
        try {
            T result = call.get();
            outcome = SUCCESS;
            return result;
        } catch (ETagMismatchException e) {
            outcome = CONFLICT;
            throw e;
        } catch (RuntimeException e) {
            if (span != null) {
                span.recordException(e);
            }
            throw e;
        } finally {
            timer(op, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (span != null) {
                if (outcome != SUCCESS) {
                    span.setStatus(StatusCode.ERROR, OUTCOMES[outcome]);
                }
                span.end();
            }
        }
    }

    private Timer timer(int op, int outcome) {
        int index = op * OUTCOMES.length + outcome;
        Timer timer = timers.get(index);
        if (timer == null) {
            timer = Telemetry.histogram(registry, "bindery.state.operations", "State operations by type and outcome",
                    Tags.of("store", store, "operation", OPERATIONS[op], "outcome", OUTCOMES[outcome]),
                    Duration.ofSeconds(30));
            timers.set(index, timer); // Micrometer registers a meter once: a racing second set stores the same one
        }
        return timer;
    }
}

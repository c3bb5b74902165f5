package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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

import dev.bindery.spi.StateBackend;
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
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    ObservedStateBackend(String store, String type, StateBackend delegate, MeterRegistry registry, Tracer tracer) {
        this.store = store;
        this.type = type;
        this.delegate = delegate;
        this.registry = registry;
        this.tracer = tracer;
    }

    @Override
    public Optional<Stored> get(String key) {
        return observe("get", () -> delegate.get(key));
    }

    @Override
    public String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
        return observe("save", () -> delegate.put(key, value, expectedEtag, ifAbsent, ttl));
    }

    @Override
    public void remove(String key, String expectedEtag) {
        observe("delete", () -> {
            delegate.remove(key, expectedEtag);
            return null;
        });
    }

    @Override
    public void apply(List<Write> writes) {
        observe("transaction", () -> {
            delegate.apply(writes);
            return null;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T observe(String operation, Supplier<T> call) {
        Context parent = Context.current();
        Span span = Span.fromContext(parent).getSpanContext().isValid()
                ? tracer.spanBuilder(operation + " " + store).setParent(parent).setSpanKind(SpanKind.CLIENT)
                        .setAttribute(DB_SYSTEM, type).setAttribute(DB_COLLECTION, store)
                        .setAttribute(DB_OPERATION, operation).startSpan()
                : null;
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "success";
            return result;
        } catch (ETagMismatchException e) {
            outcome = "conflict";
            throw e;
        } catch (RuntimeException e) {
            if (span != null) {
                span.recordException(e);
            }
            throw e;
        } finally {
            timer(operation, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (span != null) {
                if (!outcome.equals("success")) {
                    span.setStatus(StatusCode.ERROR, outcome);
                }
                span.end();
            }
        }
    }

    private Timer timer(String operation, String outcome) {
        return timers.computeIfAbsent(operation + '/' + outcome, k -> Telemetry.histogram(registry,
                "bindery.state.operations", "State operations by type and outcome",
                Tags.of("store", store, "operation", operation, "outcome", outcome), Duration.ofSeconds(30)));
    }
}

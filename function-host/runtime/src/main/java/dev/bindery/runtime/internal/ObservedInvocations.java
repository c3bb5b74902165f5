package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.MDC;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.common.vertx.VertxContext;

import dev.bindery.internal.stages.OutcomeKind;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.Outcome;

/**
 * Observes every invocation: the metrics {@code bindery.function.invocations} (counter) and
 * {@code bindery.function.duration} (timer with a percentile histogram, so Prometheus computes any quantile across
 * instances), both tagged {@code function} and {@code outcome}; a span named after the function, continuing the
 * event's {@code traceparent} (HTTP, Kafka, bindings, Lambda) or the child of a span current here; and the log context
 * ({@code eventId}, {@code function}, {@code traceId}, {@code spanId} in the MDC) while the function runs.
 */
@Singleton
public class ObservedInvocations implements InvocationListener {

    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("bindery.outcome");
    static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("bindery.duplicate");

    private final MeterRegistry registry;
    private final Tracer tracer;
    /** False when the host makes no spans ({@link Telemetry#tracing}). */
    private final boolean tracing;
    private final ConcurrentMap<String, Meters[]> meters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> duplicates = new ConcurrentHashMap<>();

    /** Spans as the host's {@link Telemetry} makes them: none without OpenTelemetry or with its SDK disabled. */
    @Inject
    ObservedInvocations(MeterRegistry registry, Telemetry telemetry) {
        this(registry, telemetry.openTelemetry());
    }

    public ObservedInvocations(MeterRegistry registry, OpenTelemetry openTelemetry) {
        this.registry = registry;
        this.tracer = openTelemetry.getTracer("dev.bindery");
        this.tracing = openTelemetry != OpenTelemetry.noop();
    }

    @Override
    public Invocation start(String function, CloudEvent event) {
        Context parent = TraceContexts.parentOf(event);
        if (!tracing && parent == Context.root()) {
            // no span is made and there is no trace to pass on: the invocation is only counted, timed and logged
            return new Observed(function, event.getId(), parent, Span.getInvalid());
        }
        Span span = tracer.spanBuilder(function)
                .setParent(parent)
                .setSpanKind(kind(parent))
                .setAttribute(EVENT_ID, event.getId())
                .setAttribute(EVENT_TYPE, event.getType())
                .startSpan();
        return new Observed(function, event.getId(), parent.with(span), span);
    }

    /**
     * INTERNAL under a span of this process (Quarkus' HTTP server span, when its instrumentation is on); otherwise the
     * function span is the process's entry: SERVER for an HTTP delivery (on a Vert.x thread), else CONSUMER.
     */
    private static SpanKind kind(Context parent) {
        SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
        if (parentSpan.isValid() && !parentSpan.isRemote()) {
            return SpanKind.INTERNAL;
        }
        return io.vertx.core.Context.isOnVertxThread() ? SpanKind.SERVER : SpanKind.CONSUMER;
    }

    private final class Observed implements Invocation {
        private final String function;
        private final String eventId;
        private final Context context;
        private final Span span;

        Observed(String function, String eventId, Context context, Span span) {
            this.function = function;
            this.eventId = eventId;
            this.context = context;
            this.span = span;
        }

        @Override
        public Scope enter() {
            // on a Vert.x duplicated context, Quarkus' context storage puts the span's traceId and spanId in the MDC
            // (and restores them on close); elsewhere (Kafka, Camel, Lambda threads) this does
            boolean traced = span.getSpanContext().isValid();
            boolean traceInMdc = traced && !VertxContext.isOnDuplicatedContext();
            // without a trace (no span made, no traceparent to pass on) the current context stays as it is
            io.opentelemetry.context.Scope current = traced ? context.makeCurrent() : null;
            Object previousEvent = MDC.put("eventId", eventId);
            Object previousFunction = MDC.put("function", function);
            Object previousTrace = traceInMdc ? MDC.put("traceId", span.getSpanContext().getTraceId()) : null;
            Object previousSpan = traceInMdc ? MDC.put("spanId", span.getSpanContext().getSpanId()) : null;
            return () -> {
                restore("eventId", previousEvent);
                restore("function", previousFunction);
                if (traceInMdc) {
                    restore("traceId", previousTrace);
                    restore("spanId", previousSpan);
                }
                if (current != null) {
                    current.close();
                }
            };
        }

        @Override
        public void end(Outcome outcome, long nanos) {
            OutcomeKind tag = OutcomeKind.of(outcome);
            Meters m = meters(function, tag);
            m.invocations.increment();
            m.duration.record(nanos, TimeUnit.NANOSECONDS);
            if (outcome instanceof Outcome.NoReply noReply && noReply.duplicate()) {
                duplicates.computeIfAbsent(function, f -> Counter.builder("bindery.function.duplicates")
                        .description("Events skipped by the idempotency stage: already processed")
                        .tag("function", f).register(registry)).increment();
                span.setAttribute(DUPLICATE, true);
            }
            if (tag != OutcomeKind.SUCCESS) {
                span.setAttribute(OUTCOME, m.tag);
                span.setStatus(StatusCode.ERROR, m.tag);
                outcome.failure().ifPresent(span::recordException);
            }
            span.end();
        }
    }

    private static void restore(String key, Object previous) {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }

    private Meters meters(String function, OutcomeKind outcome) {
        Meters m = meters.computeIfAbsent(function, f -> new Meters[OutcomeKind.values().length])[outcome.ordinal()];
        return m != null ? m : create(function, outcome);
    }

    private Meters create(String function, OutcomeKind outcome) {
        String tag = outcome.label();
        Meters m = new Meters(tag,
                Counter.builder("bindery.function.invocations")
                        .description("Function invocations by outcome")
                        .tag("function", function).tag("outcome", tag)
                        .register(registry),
                Telemetry.histogram(registry, "bindery.function.duration",
                        "Function duration, from argument binding to reply",
                        Tags.of("function", function, "outcome", tag), Duration.ofMinutes(1)));
        meters.get(function)[outcome.ordinal()] = m;
        return m;
    }

    private record Meters(String tag, Counter invocations, Timer duration) {
    }
}

package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

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

import dev.bindery.spi.InvocationListener;

/**
 * Observes every invocation: the metrics {@code bindery.function.invocations} (counter) and
 * {@code bindery.function.duration} (timer with a percentile histogram, so Prometheus computes any quantile across
 * instances), both tagged {@code function} and {@code outcome}; a span named after the function, the child of the
 * transport's span (HTTP) or of the event's {@code traceparent} (Kafka, bindings, Lambda); and the log context
 * ({@code eventId}, {@code function}, {@code traceId}, {@code spanId} in the MDC) while the function runs.
 */
@Singleton
public class ObservedInvocations implements InvocationListener {

    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    static final AttributeKey<String> EVENT_SOURCE = AttributeKey.stringKey("cloudevents.event_source");
    static final AttributeKey<String> FAAS_NAME = AttributeKey.stringKey("faas.name");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("bindery.outcome");

    private final MeterRegistry registry;
    private final Tracer tracer;
    private final ConcurrentMap<String, Meters[]> meters = new ConcurrentHashMap<>();

    public ObservedInvocations(MeterRegistry registry, OpenTelemetry openTelemetry) {
        this.registry = registry;
        this.tracer = openTelemetry.getTracer("dev.bindery");
    }

    @Override
    public Invocation start(String function, CloudEvent event) {
        Context parent = TraceContexts.parentOf(event);
        Span span = tracer.spanBuilder(function)
                .setParent(parent)
                .setSpanKind(Span.fromContext(parent).getSpanContext().isRemote() || parent == Context.root()
                        ? SpanKind.CONSUMER
                        : SpanKind.INTERNAL)
                .setAttribute(FAAS_NAME, function)
                .setAttribute(EVENT_ID, event.getId())
                .setAttribute(EVENT_TYPE, event.getType())
                .setAttribute(EVENT_SOURCE, event.getSource().toString())
                .startSpan();
        return new Observed(function, event.getId(), parent.with(span), span);
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
            io.opentelemetry.context.Scope current = context.makeCurrent();
            SpanContext ids = span.getSpanContext();
            Object previousEvent = MDC.put("eventId", eventId);
            Object previousFunction = MDC.put("function", function);
            Object previousTrace = ids.isValid() ? MDC.put("traceId", ids.getTraceId()) : null;
            Object previousSpan = ids.isValid() ? MDC.put("spanId", ids.getSpanId()) : null;
            return () -> {
                restore("eventId", previousEvent);
                restore("function", previousFunction);
                if (ids.isValid()) {
                    restore("traceId", previousTrace);
                    restore("spanId", previousSpan);
                }
                current.close();
            };
        }

        @Override
        public void end(Outcome outcome, Throwable failure, long nanos) {
            Meters m = meters(function, outcome);
            m.invocations.increment();
            m.duration.record(nanos, TimeUnit.NANOSECONDS);
            if (outcome != Outcome.SUCCESS) {
                span.setStatus(StatusCode.ERROR, outcome.name().toLowerCase());
                if (failure != null) {
                    span.recordException(failure);
                }
            }
            span.setAttribute(OUTCOME, m.tag);
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

    private Meters meters(String function, Outcome outcome) {
        Meters m = meters.computeIfAbsent(function, f -> new Meters[Outcome.values().length])[outcome.ordinal()];
        return m != null ? m : create(function, outcome);
    }

    private Meters create(String function, Outcome outcome) {
        String tag = outcome.name().toLowerCase();
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

package dev.bindery.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.Outcome;

/**
 * Invocations with tracing off (the OpenTelemetry SDK disabled, as in a Lambda package): no span is made, yet every
 * invocation is counted and logged with its event, and a trace the event or the caller carries is still what the
 * function runs in, so it is passed on to what the function sends.
 */
class ObservedInvocationsTest {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ObservedInvocations invocations = new ObservedInvocations(registry, OpenTelemetry.noop());

    @AfterEach
    void noLogContextLeftBehind() {
        assertThat(MDC.get("eventId")).isNull();
        assertThat(MDC.get("function")).isNull();
        assertThat(MDC.get("traceId")).isNull();
    }

    static CloudEvent event(String traceparent) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/tests"))
                .withType("greet");
        if (traceparent != null) {
            builder.withExtension("traceparent", traceparent);
        }
        return builder.build();
    }

    @Test
    void anEventWithoutATraceIsLoggedCountedAndLeavesTheContextAsItWas() {
        Context before = Context.current();
        InvocationListener.Invocation invocation = invocations.start("greet", event(null));

        try (InvocationListener.Scope scope = invocation.enter()) {
            assertThat(MDC.get("eventId")).isEqualTo("e-1");
            assertThat(MDC.get("function")).isEqualTo("greet");
            assertThat(MDC.get("traceId")).isNull();
            assertThat(Context.current()).isSameAs(before);
            assertThat(Span.current().getSpanContext().isValid()).isFalse();
        }
        invocation.end(new Outcome.NoReply("greet", false), 1_000);

        assertThat(registry.get("bindery.function.invocations").tag("function", "greet").tag("outcome", "success")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("bindery.function.duration").tag("function", "greet").timer().count()).isEqualTo(1);
    }

    @Test
    void anEventsTraceparentIsTheTraceTheFunctionRunsIn() {
        InvocationListener.Invocation invocation = invocations.start("greet", event("00-" + TRACE_ID + "-"
                + PARENT_SPAN_ID + "-01"));

        try (InvocationListener.Scope scope = invocation.enter()) {
            SpanContext current = Span.current().getSpanContext();
            assertThat(current.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(current.getSpanId()).isEqualTo(PARENT_SPAN_ID);
            assertThat(MDC.get("traceId")).isEqualTo(TRACE_ID);
            assertThat(MDC.get("eventId")).isEqualTo("e-1");
        }
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
        invocation.end(new Outcome.Failed("greet", "asked to fail", new IllegalStateException("asked to fail")), 1);

        assertThat(registry.get("bindery.function.invocations").tag("outcome", "failure").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aSpanCurrentWhereTheEventIsDispatchedIsContinued() {
        SpanContext caller = SpanContext.create(TRACE_ID, PARENT_SPAN_ID, TraceFlags.getSampled(),
                TraceState.getDefault());
        InvocationListener.Invocation invocation;
        try (Scope outer = Span.wrap(caller).makeCurrent()) {
            invocation = invocations.start("greet", event(null));
        }

        try (InvocationListener.Scope scope = invocation.enter()) {
            assertThat(Span.current().getSpanContext().getTraceId()).isEqualTo(TRACE_ID);
        }
        invocation.end(new Outcome.NoReply("greet", true), 1);

        assertThat(registry.get("bindery.function.duplicates").tag("function", "greet").counter().count())
                .isEqualTo(1);
    }
}

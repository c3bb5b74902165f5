package dev.bindery.runtime.internal;

import java.util.HashMap;
import java.util.Map;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * W3C trace context in CloudEvents: the distributed-tracing extension ({@code traceparent}, {@code tracestate}) read
 * into an OpenTelemetry context and written from one.
 */
final class TraceContexts {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<CloudEvent> EXTENSIONS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(CloudEvent event) {
            return event.getExtensionNames();
        }

        @Override
        public String get(CloudEvent event, String key) {
            Object value = event == null ? null : event.getExtension(key);
            return value == null ? null : value.toString();
        }
    };

    private TraceContexts() {
    }

    /**
     * @return the context a span for handling the event continues: the current one when it has a span (the HTTP
     *         server's), else the event's {@code traceparent}, else none
     */
    static Context parentOf(CloudEvent event) {
        Context current = Context.current();
        if (Span.fromContext(current).getSpanContext().isValid()) {
            return current;
        }
        if (event.getExtension(TRACEPARENT) == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), event, EXTENSIONS);
    }

    /** @return the event carrying the current trace context, when there is one; else the event as it is */
    static CloudEvent withCurrentTrace(CloudEvent event) {
        Context current = Context.current();
        if (!Span.fromContext(current).getSpanContext().isValid()) {
            return event;
        }
        Map<String, String> trace = new HashMap<>(4);
        inject(current, trace);
        CloudEventBuilder builder = CloudEventBuilder.from(event);
        trace.forEach(builder::withExtension);
        return builder.build();
    }

    /** Writes the context's {@code traceparent} (and {@code tracestate}) into the map. */
    static void inject(Context context, Map<String, String> carrier) {
        W3C.inject(context, carrier, Map::put);
    }
}

package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import dev.bindery.spi.pubsub.PubSubBroker;

/**
 * Times every publish ({@code bindery.publish}: tags {@code pubsub}, {@code topic}, {@code outcome} success or error),
 * inside a trace records it as a producer span and writes that span's context into the event's distributed-tracing extension
 * ({@code traceparent}, {@code tracestate}; for an event sent raw, into the broker metadata, i.e. Kafka headers), so
 * the subscriber's span continues the trace.
 */
final class ObservedPubSubBroker implements PubSubBroker {

    private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");

    private final String component;
    private final String type;
    private final PubSubBroker delegate;
    private final MeterRegistry registry;
    private final Tracer tracer;
    /** Per topic: the success and the error timer. */
    private final ConcurrentMap<String, Timer[]> timers = new ConcurrentHashMap<>();

    ObservedPubSubBroker(String component, String type, PubSubBroker delegate, MeterRegistry registry, Tracer tracer) {
        this.component = component;
        this.type = type;
        this.delegate = delegate;
        this.registry = registry;
        this.tracer = tracer;
    }

    @Override
    public CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw,
            Map<String, String> metadata) {
        // inside a trace (a function handling an event, an HTTP request) the publish is a span of it and the event
        // carries the trace on; an event relayed from the outbox continues the trace it was stamped with; a publish
        // outside any trace starts none
        Context parent = TraceContexts.parentOf(event);
        Span span = Span.fromContext(parent).getSpanContext().isValid()
                ? tracer.spanBuilder("publish " + topic).setParent(parent).setSpanKind(SpanKind.PRODUCER)
                        .setAttribute(SYSTEM, type).setAttribute(DESTINATION, topic).setAttribute(OPERATION, "publish")
                        .setAttribute(MESSAGE_ID, event.getId()).startSpan()
                : null;
        CloudEvent sent = event;
        Map<String, String> headers = metadata;
        if (span != null) {
            Map<String, String> trace = new HashMap<>(4);
            TraceContexts.inject(parent.with(span), trace);
            if (raw) {
                headers = new HashMap<>(metadata);
                headers.putAll(trace);
            } else {
                CloudEventBuilder builder = CloudEventBuilder.from(event);
                trace.forEach(builder::withExtension);
                sent = builder.build();
            }
        }
        long start = System.nanoTime();
        CompletionStage<Void> result;
        try {
            result = delegate.send(topic, key, sent, raw, headers);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((done, failure) -> {
            timers(topic)[failure == null ? 0 : 1].record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (span != null) {
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                    span.recordException(failure);
                }
                span.end();
            }
        });
    }

    @Override
    public void ensureTopic(String topic) {
        delegate.ensureTopic(topic);
    }

    @Override
    public Subscription subscribe(String topic, String group, Delivery delivery) {
        return delegate.subscribe(topic, group, delivery);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private Timer[] timers(String topic) {
        return timers.computeIfAbsent(topic, t -> new Timer[]{timer(t, "success"), timer(t, "error")});
    }

    private Timer timer(String topic, String outcome) {
        return Telemetry.histogram(registry, "bindery.publish", "Publishes, from the call to the broker's acknowledgement",
                Tags.of("pubsub", component, "topic", topic, "outcome", outcome), Duration.ofSeconds(30));
    }
}

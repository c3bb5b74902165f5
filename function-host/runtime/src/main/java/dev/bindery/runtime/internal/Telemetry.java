package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

import dev.bindery.internal.outbox.OutboxRelay;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.state.StateBackend;

/**
 * The building blocks' metrics and spans: state operations, publishes, and the messages of every subscription and
 * input binding. The names are listed in the README ("Observability").
 */
@Singleton
public class Telemetry {

    private final MeterRegistry registry;
    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    /** Tracing is off when the application builds without OpenTelemetry or runs with its SDK disabled. */
    @Inject
    Telemetry(MeterRegistry registry, Instance<OpenTelemetry> openTelemetry,
            @ConfigProperty(name = SDK_DISABLED, defaultValue = "false") boolean sdkDisabled) {
        this(registry, tracing(openTelemetry, sdkDisabled));
    }

    /** Quarkus' switch for the OpenTelemetry SDK at run time (on by default). */
    private static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";

    /**
     * @return the OpenTelemetry the host makes its spans with: none ({@link OpenTelemetry#noop()}) when the application
     *         builds without OpenTelemetry ({@code quarkus.otel.enabled=false}) or its SDK is disabled
     *         ({@code quarkus.otel.sdk.disabled=true}: Quarkus then gives an SDK without exporters, whose spans are
     *         made and recorded on every call and sent nowhere). Without spans, an event's {@code traceparent} is still
     *         passed on to what its function sends.
     */
    private static OpenTelemetry tracing(Instance<OpenTelemetry> openTelemetry, boolean sdkDisabled) {
        return openTelemetry.isResolvable() && !sdkDisabled ? openTelemetry.get() : OpenTelemetry.noop();
    }

    public Telemetry(MeterRegistry registry, OpenTelemetry openTelemetry) {
        this.registry = registry;
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("dev.bindery");
    }

    /** @return what the host makes its spans with ({@link #tracing}): the one decision for every bean that does */
    OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** @return the host's tracer */
    Tracer tracer() {
        return tracer;
    }

    /** @return the backend, timed ({@code bindery.state.operations}) and traced */
    public StateBackend observe(String store, String type, StateBackend backend) {
        return new ObservedStateBackend(store, type, backend, registry, tracer);
    }

    /** @return the broker, its sends timed ({@code bindery.publish}), traced and carrying the trace context */
    public PubSubBroker observe(String component, String type, PubSubBroker broker) {
        return new ObservedPubSubBroker(component, type, broker, registry, tracer);
    }

    /** @return counters {@code bindery.subscription.*} for the consumer group's subscription to the topic */
    public DeliveryListener subscription(String component, String topic, String group) {
        return deliveries("bindery.subscription", Tags.of("pubsub", component, "topic", topic, "group", group));
    }

    /** Publishes the subscription's lag as the gauge {@code bindery.subscription.lag}. */
    public void lag(String component, String topic, String group, PubSubBroker.Subscription subscription) {
        gauge("bindery.subscription.lag", "Events of the topic not yet processed by this member of the consumer group",
                Tags.of("pubsub", component, "topic", topic, "group", group), subscription::lag);
    }

    /** Publishes an input binding's lag as the gauge {@code bindery.binding.lag}. */
    public void bindingLag(String binding, LongSupplier lag) {
        gauge("bindery.binding.lag", "Messages waiting at the input binding's source", Tags.of("binding", binding), lag);
    }

    /** A gauge of a count that is negative when unknown (then NaN, which Prometheus shows as no value). */
    private void gauge(String name, String description, Tags tags, LongSupplier count) {
        Gauge.builder(name, count, c -> {
            long value = c.getAsLong();
            return value < 0 ? Double.NaN : value;
        }).description(description).tags(tags).strongReference(true).register(registry);
    }

    /** @return counters {@code bindery.outbox.relayed} and {@code bindery.outbox.failed}, per state store */
    public OutboxRelay.Listener outbox() {
        Map<String, Counter> relayed = new ConcurrentHashMap<>();
        Map<String, Counter> failed = new ConcurrentHashMap<>();
        return new OutboxRelay.Listener() {
            @Override
            public void relayed(String store) {
                relayed.computeIfAbsent(store, s -> counter("bindery.outbox.relayed",
                        "Outbox events published and deleted from their state store", Tags.of("store", s)))
                        .increment();
            }

            @Override
            public void failed(String store) {
                failed.computeIfAbsent(store, s -> counter("bindery.outbox.failed",
                        "Outbox event publishes that failed and will be retried", Tags.of("store", s))).increment();
            }
        };
    }

    /** Publishes as the gauge {@code bindery.outbox.pending} how many outbox events this instance is relaying. */
    public void outboxHeld(LongSupplier held) {
        gauge("bindery.outbox.pending", "Outbox events this instance is publishing or will retry", Tags.empty(), held);
    }

    /** @return counters {@code bindery.binding.*} for the input binding */
    public DeliveryListener binding(String binding) {
        return deliveries("bindery.binding", Tags.of("binding", binding));
    }

    private DeliveryListener deliveries(String prefix, Tags tags) {
        Counter received = counter(prefix + ".received", "Messages received", tags);
        Counter acknowledged = counter(prefix + ".acknowledged", "Messages processed and acknowledged", tags);
        Counter retried = counter(prefix + ".retried", "Deliveries repeated after a failure", tags);
        Counter deadLettered = counter(prefix + ".dead.lettered", "Messages sent to the dead-letter destination",
                tags);
        Counter failed = counter(prefix + ".failed", "Messages left with their source to be delivered again", tags);
        return new DeliveryListener() {
            @Override
            public void received() {
                received.increment();
            }

            @Override
            public void acknowledged() {
                acknowledged.increment();
            }

            @Override
            public void retried() {
                retried.increment();
            }

            @Override
            public void deadLettered() {
                deadLettered.increment();
            }

            @Override
            public void failed() {
                failed.increment();
            }
        };
    }

    /**
     * @return a timer published as a Prometheus histogram (fixed buckets from 1 µs: cheaper per event than client-side
     *         percentiles, and they aggregate across instances)
     */
    static Timer histogram(MeterRegistry registry, String name, String description, Tags tags, Duration max) {
        return Timer.builder(name).description(description).tags(tags).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(max).register(registry);
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}

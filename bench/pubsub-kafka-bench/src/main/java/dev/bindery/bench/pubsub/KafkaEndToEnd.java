package dev.bindery.bench.pubsub;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.internal.pubsub.SubscriptionDelivery;
import dev.bindery.internal.stages.TelemetryStage;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.pubsub.kafka.KafkaPubSubBrokerProvider;
import dev.bindery.runtime.internal.ObservedInvocations;
import dev.bindery.runtime.internal.Telemetry;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.RetryPolicy;

/**
 * Kafka end to end, in one run on one in-process KRaft broker: Bindery (publish through the Publisher, consume through
 * the subscription pipeline into a function) against a raw kafka-clients loop (produce; poll, handle, commit per
 * batch). Both send N events over 8 keys, each carrying its send time; the receiving side records the latency. Rounds
 * alternate the two. Usage: {@code KafkaEndToEnd [events] [rounds]}.
 */
public class KafkaEndToEnd {

    private static final int KEYS = 8;

    /** The function the events reach: records how long each event took from publish to here. */
    public static class Recorder {
        static long[] latencies;
        static AtomicInteger count;
        static CountDownLatch done;

        public void record(long sentAt) {
            latencies[count.getAndIncrement()] = System.nanoTime() - sentAt;
            done.countDown();
        }
    }

    record Result(String name, double eventsPerSecond, double p50Micros, double p99Micros) {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", Integer.toString(KEYS))
                .build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            String servers = cluster.bootstrapServers();
            List<Result> results = new ArrayList<>();
            raw(servers, "warmup-raw", events / 5);
            bindery(servers, "warmup-bindery", events / 5);
            for (int round = 1; round <= rounds; round++) {
                results.add(raw(servers, "raw-" + round, events));
                results.add(bindery(servers, "bindery-" + round, events));
            }
            results.forEach(r -> System.out.printf("%s: %.0f events/s, p50 %.0f µs, p99 %.0f µs%n", r.name(),
                    r.eventsPerSecond(), r.p50Micros(), r.p99Micros()));
            Result raw = median(results, "raw");
            Result bindery = median(results, "bindery");
            System.out.printf("%n| | Bindery publish → function | raw kafka-clients | Bindery / raw |%n|---|---|---|---|%n");
            System.out.printf("| events/s (median of %d rounds, %d events) | %.0f | %.0f | %.2f |%n", rounds, events,
                    bindery.eventsPerSecond(), raw.eventsPerSecond(), bindery.eventsPerSecond() / raw.eventsPerSecond());
            System.out.printf("| p50 latency (µs) | %.0f | %.0f | %.2f |%n", bindery.p50Micros(), raw.p50Micros(),
                    bindery.p50Micros() / raw.p50Micros());
            System.out.printf("| p99 latency (µs) | %.0f | %.0f | %.2f |%n", bindery.p99Micros(), raw.p99Micros(),
                    bindery.p99Micros() / raw.p99Micros());
        }
        System.exit(0);
    }

    private static Result median(List<Result> results, String prefix) {
        List<Result> of = results.stream().filter(r -> r.name().startsWith(prefix)).sorted(
                (a, b) -> Double.compare(a.eventsPerSecond(), b.eventsPerSecond())).toList();
        return of.get(of.size() / 2);
    }

    private static Result raw(String servers, String topic, int events) throws Exception {
        long[] latencies = new long[events];
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "raw");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        CountDownLatch subscribed = new CountDownLatch(1);
        long[] lastReceived = new long[1];
        Thread consumerThread = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                consumer.poll(Duration.ZERO);
                subscribed.countDown();
                int received = 0;
                while (received < events) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        latencies[received++] = System.nanoTime() - ByteBuffer.wrap(record.value()).getLong();
                    }
                    consumer.commitSync();
                }
                lastReceived[0] = System.nanoTime();
            }
        });
        consumerThread.start();
        subscribed.await();
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i % KEYS,
                        ByteBuffer.allocate(8).putLong(System.nanoTime()).array()));
            }
            producer.flush();
        }
        consumerThread.join();
        return result(topic, events, start, lastReceived[0], latencies);
    }

    /** Bindery with metrics and tracing on (the default), or off ({@code -Dbindery.telemetry=off}). */
    private static final boolean TELEMETRY = !"off".equals(System.getProperty("bindery.telemetry"));

    private static Result bindery(String servers, String topic, int events) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Recorder.latencies = new long[events];
        Recorder.count = new AtomicInteger();
        Recorder.done = new CountDownLatch(events);
        Recorder recorder = new Recorder();
        // metrics to a Prometheus registry, spans (publish and function) through a batch processor, as in the host
        MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build()).build();
        OpenTelemetry openTelemetry = "noop".equals(System.getProperty("bindery.tracing"))
                ? OpenTelemetry.noop()
                : OpenTelemetrySdk.builder().setTracerProvider(tracing)
                        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        Telemetry telemetry = new Telemetry(registry, openTelemetry);
        FunctionDispatcher dispatcher = new FunctionDispatcher(List.of(FunctionDefinition.builder("record",
                Recorder.class.getMethod("record", long.class)).target(() -> recorder)
                .subscription(new FunctionDefinition.Subscription("bench", topic, List.of()))
                .executionMode(ExecutionMode.EVENT_LOOP).build()), mapper, Map.of(),
                List.of(new TelemetryStage(TELEMETRY
                        ? new ObservedInvocations(registry, openTelemetry)
                        : InvocationListener.NONE)));
        PubSubBroker kafka = new KafkaPubSubBrokerProvider()
                .open(new BrokerSettings("bench", Duration.ofSeconds(10), Map.of("bootstrap-servers", servers)));
        try (PubSubBroker broker = TELEMETRY ? telemetry.observe("bench", "kafka", kafka) : kafka) {
            BrokerPublisher publisher = new BrokerPublisher(broker, mapper, "/bench", Duration.ofSeconds(30));
            try (PubSubBroker.Subscription subscription = broker.subscribe(topic, "bindery", new SubscriptionDelivery(
                    "bench", dispatcher, broker, topic + "-dlq", RetryPolicy.DEFAULT,
                    TELEMETRY ? telemetry.subscription("bench", topic, "bindery") : DeliveryListener.NONE))) {
                Thread.sleep(500); // let the consumer join its group, as the raw loop does before producing
                long start = System.nanoTime();
                List<CompletableFuture<String>> sent = new ArrayList<>(events);
                for (int i = 0; i < events; i++) {
                    sent.add(publisher.publishAsync(PublishRequest.to(topic).data(System.nanoTime())
                            .orderingKey("k" + i % KEYS).build()).toCompletableFuture());
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                if (!Recorder.done.await(120, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Not every event arrived: " + Recorder.count.get());
                }
                return result(topic, events, start, System.nanoTime(), Recorder.latencies);
            }
        } finally {
            tracing.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private static Result result(String name, int events, long start, long end, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(name, events / ((end - start) / 1e9), sorted[events / 2] / 1e3,
                sorted[(int) (events * 0.99)] / 1e3);
    }
}

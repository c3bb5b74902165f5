package dev.bindery.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** The example contract again, with pub/sub on a real Kafka broker chosen by configuration alone. */
@QuarkusTest
@TestProfile(ExampleFunctionsOnKafkaTest.OnKafka.class)
class ExampleFunctionsOnKafkaTest extends InProcessExampleFunctionsTest {

    /** A profile of its own, so the Kafka broker serves only this test class. */
    public static class OnKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bindery.state.default.data-dir", "target/test-state/kafka-default",
                    "bindery.state.orders.data-dir", "target/test-state/kafka-orders");
        }

        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(KafkaBroker.class));
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void oneTraceRunsFromTheHttpRequestThroughKafkaToTheSubscriber() throws InterruptedException {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = traceId.substring(0, 16);
        String id = UUID.randomUUID().toString();

        var response = http.raw(HttpMethod.POST, "/", Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01",
                "ce-specversion", "1.0", "ce-id", "trace-" + id, "ce-source", "/tests",
                "ce-type", "com.example.order.placed", "content-type", "application/json"),
                Buffer.buffer(("{\"id\":\"" + id + "\",\"item\":\"teapot\",\"quantity\":1}").getBytes(UTF_8)));
        assertThat(response.statusCode()).isEqualTo(200);

        long deadline = System.currentTimeMillis() + 30_000;
        List<SpanData> trace = List.of();
        while (System.currentTimeMillis() < deadline) {
            trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
            if (trace.stream().anyMatch(s -> s.getName().equals("auditOrder"))) {
                break;
            }
            Thread.sleep(50);
        }
        SpanData place = only(trace, s -> s.getName().equals("placeOrder"));
        assertThat(place.getKind()).as("the function span is the HTTP request's").isEqualTo(SpanKind.SERVER);
        assertThat(place.getParentSpanId()).as("it continues the caller's trace").isEqualTo(callerSpan);
        assertThat(place.getAttributes().asMap().toString()).contains("trace-" + id, "com.example.order.placed");
        // the order and its outbox entry are written in one state transaction; the relay publishes it afterwards, in
        // the same trace
        SpanData save = only(trace, s -> s.getName().equals("transaction orders"));
        assertThat(save.getParentSpanId()).isEqualTo(place.getSpanId());
        assertThat(save.getKind()).isEqualTo(SpanKind.CLIENT);
        SpanData publish = only(trace, s -> s.getName().equals("publish orders"));
        assertThat(publish.getParentSpanId()).isEqualTo(place.getSpanId());
        assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(publish.getAttributes().asMap().toString()).contains("kafka");
        SpanData audit = only(trace, s -> s.getName().equals("auditOrder"));
        assertThat(audit.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(audit.getParentSpanId()).as("the subscriber continues the published event's trace")
                .isEqualTo(publish.getSpanId());
        assertThat(trace).as("the subscriber's state calls are in the trace too")
                .anyMatch(s -> s.getParentSpanId().equals(audit.getSpanId()) && s.getName().endsWith(" default"));
    }

    @Test
    void bindingsGetSpansToo() throws InterruptedException {
        // the test profile's nightly binding (Camel, Quartz) fires every second
        long deadline = System.currentTimeMillis() + 30_000;
        while (spans.getFinishedSpanItems().stream().noneMatch(s -> s.getName().equals("nightlyReport"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(spans.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("nightlyReport")).isNotEmpty()
                .allMatch(s -> s.getKind() == SpanKind.CONSUMER && !s.getParentSpanContext().isValid())
                .allMatch(s -> s.getAttributes().asMap().toString().contains("dev.bindery.cron.tick"));
    }

    private static SpanData only(List<SpanData> trace, java.util.function.Predicate<SpanData> which) {
        List<SpanData> found = trace.stream().filter(which).toList();
        assertThat(found).as("one such span in %s", trace.stream().map(SpanData::getName).toList()).hasSize(1);
        return found.get(0);
    }
}

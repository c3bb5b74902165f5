package dev.bindery.examples.invocation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

import dev.bindery.binding.BindingResponse;
import dev.bindery.binding.Bindings;
import dev.bindery.examples.CloudEventsHttp;
import dev.bindery.examples.Order;
import dev.bindery.invocation.InvocationException;
import dev.bindery.invocation.InvocationFailedException;
import dev.bindery.invocation.InvocationNotFoundException;
import dev.bindery.invocation.InvocationRejectedException;
import dev.bindery.invocation.InvocationTimeoutException;
import dev.bindery.invocation.InvocationUnavailableException;
import dev.bindery.invocation.InvokeOptions;
import dev.bindery.invocation.Invoker;

/**
 * Service invocation from a function host: calls to this application's own functions through its real HTTP ingress
 * (outcomes, the trace across the call), and to WireMock playing a remote endpoint's faults (retries, timeouts, a
 * connection reset, 429 with {@code Retry-After}, a circuit breaker opening and closing, round robin past a dead URL).
 */
@QuarkusTest
@QuarkusTestResource(value = FaultyEndpoints.class, restrictToAnnotatedClass = true)
class InvocationTest {

    private static final String SELF = "bindery-examples";

    @Inject
    Invoker invoker;

    @Inject
    MeterRegistry metrics;

    @Inject
    Bindings bindings;

    @Inject
    InMemorySpanExporter spans;

    @TestHTTPResource("/")
    URI baseUri;

    @BeforeEach
    void reset() {
        FaultyEndpoints.server.resetAll();
    }

    private static Order order(String id, String item, int quantity) {
        Order order = new Order();
        order.setId(id);
        order.setItem(item);
        order.setQuantity(quantity);
        return order;
    }

    private static String function() {
        return "f-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private int requests(String function) {
        return FaultyEndpoints.server.findAll(postRequestedFor(urlEqualTo("/" + function))).size();
    }

    private double retries(String target) {
        var counter = metrics.find("bindery.resiliency.retries").tag("target", target).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aFunctionOfThisAppAnswersThroughItsIngress() {
        JsonNode greeting = invoker.invoke(SELF, "greet", Map.of("name", "Ada"), JsonNode.class);
        assertThat(greeting.toString()).contains("Ada");

        String id = "o-" + UUID.randomUUID();
        Order placed = invoker.invoke(SELF, "placeOrder", order(id, "teapot", 2), Order.class);
        assertThat(placed.getId()).isEqualTo(id);
        assertThat(invoker.invoke(SELF, "getOrder", Map.of("id", id), Order.class).getItem()).isEqualTo("teapot");
    }

    @Test
    void outcomesMirrorTheCalleesAndARejectionIsNeverRetried() {
        double retriesBefore = retries("apps/" + SELF);

        assertThatThrownBy(() -> invoker.invoke(SELF, "getOrder", Map.of("id", "no-such-order"), Order.class))
                .isInstanceOfSatisfying(InvocationNotFoundException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("no-such-order");
                });
        assertThatThrownBy(() -> invoker.invoke(SELF, "placeOrder", order("o-bad", "teapot", 0), Order.class))
                .isInstanceOfSatisfying(InvocationRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("quantity");
                });
        assertThat(retries("apps/" + SELF)).as("a rejection or not-found is never retried").isEqualTo(retriesBefore);
    }

    @Test
    void aFunctionInvokingAnotherCarriesOneTraceAcrossTheCall() throws Exception {
        spans.reset();
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String id = "o-" + UUID.randomUUID();
        CloudEvent event = CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create("/tests"))
                .withType("orderWorkflow").withExtension("traceparent", "00-" + trace + "-00f067aa0ba902b7-01")
                .withData("application/json", ("{\"id\":\"" + id + "\",\"item\":\"kettle\",\"quantity\":1}")
                        .getBytes(UTF_8))
                .build();
        try (CloudEventsHttp http = new CloudEventsHttp(baseUri)) {
            HttpResponse<Buffer> response = http.binary(event);
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            assertThat(new String(CloudEventsHttp.reply(response).getData().toBytes(), UTF_8)).contains(id);

            HttpResponse<Buffer> rejected = http.binary(CloudEventBuilder.from(event).withId("again")
                    .withData("application/json", "{\"id\":\"x\",\"item\":\"kettle\",\"quantity\":0}".getBytes(UTF_8))
                    .build());
            assertThat(rejected.statusCode()).as("the orders app's rejection rejects the workflow").isEqualTo(422);
        }

        long deadline = System.currentTimeMillis() + 10_000;
        List<SpanData> traced = List.of();
        while (System.currentTimeMillis() < deadline) {
            traced = spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(trace)).toList();
            if (traced.stream().anyMatch(span -> span.getName().equals("placeOrder"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(traced).extracting(SpanData::getName)
                .contains("orderWorkflow", "invoke " + SELF + " placeOrder", "placeOrder");
        SpanData call = traced.stream().filter(span -> span.getName().startsWith("invoke ")).findFirst().orElseThrow();
        SpanData callee = traced.stream().filter(span -> span.getName().equals("placeOrder")).findFirst().orElseThrow();
        assertThat(callee.getParentSpanId()).as("the callee continues the call's span").isEqualTo(call.getSpanId());
    }

    @Test
    void failuresAreRetriedUntilTheCallSucceedsAndTheCallCarriesTheCallersHeaders() {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).inScenario(f).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("once"));
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).inScenario(f).whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("twice"));
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).inScenario(f).whenScenarioStateIs("twice")
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json")
                        .withBody("{\"ok\":true}")));
        double before = retries("apps/faulty");

        JsonNode reply = invoker.invoke("faulty", f, Map.of("n", 1), JsonNode.class);

        assertThat(reply.path("ok").asBoolean()).as("a plain JSON answer is the reply's data").isTrue();
        assertThat(requests(f)).isEqualTo(3);
        assertThat(retries("apps/faulty") - before).isEqualTo(2);
        FaultyEndpoints.server.verify(3, postRequestedFor(urlEqualTo("/" + f))
                .withHeader("ce-specversion", equalTo("1.0")).withHeader("ce-type", equalTo(f))
                .withHeader("ce-source", equalTo(SELF)).withHeader("bindery-caller-app-id", equalTo(SELF))
                .withHeader("traceparent", matching("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]")));
    }

    @Test
    void anAttemptPastTheTimeoutIsCutOffAndRetriedThenTheCallTimesOut() {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).willReturn(aResponse().withStatus(200)
                .withFixedDelay(2_000)));

        long started = System.nanoTime();
        assertThatThrownBy(() -> invoker.invoke("faulty", f, null, Void.class))
                .isInstanceOf(InvocationTimeoutException.class).hasMessageContaining("500 ms");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(requests(f)).as("the first attempt and 3 retries").isEqualTo(4);
        assertThat(took).isBetween(Duration.ofMillis(4 * 500 + 3 * 100), Duration.ofMillis(4_500));
        assertThatThrownBy(() -> invoker.invoke("faulty", f, null, Void.class, InvokeOptions.timeout(
                Duration.ofMillis(100)).withType("custom.type"))).isInstanceOf(InvocationTimeoutException.class)
                .hasMessageContaining("100 ms");
        FaultyEndpoints.server.verify(postRequestedFor(urlEqualTo("/" + f)).withHeader("ce-type",
                equalTo("custom.type")));
    }

    @Test
    void aResetConnectionIsUnavailableAndRetried() {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> invoker.invoke("faulty", f, null, Void.class))
                .isInstanceOfSatisfying(InvocationUnavailableException.class, e -> assertThat(e.circuitOpen())
                        .isFalse());
        assertThat(requests(f)).isEqualTo(4);
    }

    @Test
    void a429IsRetriedAfterTheWaitItAsksFor() {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).inScenario(f).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).inScenario(f).whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(202)));

        long started = System.nanoTime();
        assertThat(invoker.invoke("faulty", f, null, Void.class)).isNull();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited as asked, not the policy's 100 ms")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(requests(f)).isEqualTo(2);
    }

    @Test
    void a4xxIsRejectedWithTheCalleesDetailAndNeverRetried() {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).willReturn(aResponse().withStatus(400)
                .withHeader("content-type", "application/problem+json")
                .withBody("{\"title\":\"Invalid CloudEvent\",\"status\":400,\"detail\":\"Attribute 'x' is wrong\"}")));
        String missing = function();

        assertThatThrownBy(() -> invoker.invoke("faulty", f, null, Void.class))
                .isInstanceOf(InvocationRejectedException.class).hasMessageContaining("Attribute 'x' is wrong");
        assertThatThrownBy(() -> invoker.invoke("faulty", missing, null, Void.class))
                .isInstanceOf(InvocationNotFoundException.class);
        assertThat(requests(f)).isEqualTo(1);
        assertThat(requests(missing)).isEqualTo(1);
    }

    @Test
    void aBreakerOpensFailsFastHalfOpensAndCloses() throws Exception {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).willReturn(aResponse().withStatus(503)));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> invoker.invoke("fragile", f, null, Void.class))
                    .isInstanceOfSatisfying(InvocationUnavailableException.class, e -> assertThat(e.status())
                            .isEqualTo(503));
        }
        assertThatThrownBy(() -> invoker.invoke("fragile", f, null, Void.class))
                .isInstanceOfSatisfying(InvocationUnavailableException.class, e -> {
                    assertThat(e.circuitOpen()).isTrue();
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(requests(f)).as("the open breaker fails fast, without a request").isEqualTo(3);
        assertThat(metrics.find("bindery.resiliency.circuit.breaker.state").tag("target", "apps/fragile").gauge()
                .value()).isEqualTo(2);

        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).willReturn(aResponse().withStatus(202)));
        Thread.sleep(1_100);
        assertThat(invoker.invoke("fragile", f, null, Void.class)).as("the half-open trial call").isNull();
        assertThat(metrics.find("bindery.resiliency.circuit.breaker.state").tag("target", "apps/fragile").gauge()
                .value()).as("closed again").isZero();
        for (String state : List.of("open", "half_open", "closed")) {
            assertThat(metrics.find("bindery.resiliency.circuit.breaker.transitions").tag("target", "apps/fragile")
                    .tag("state", state).counter().count()).as(state).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void callsGoRoundRobinAndADeadUrlIsSkipped() {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).willReturn(aResponse().withStatus(202)));

        for (int i = 0; i < 6; i++) {
            assertThat(invoker.invoke("pair", f, null, Void.class)).isNull();
        }
        assertThat(requests(f)).isEqualTo(6);
        assertThat(retries("apps/pair")).as("only the first call met the dead URL; then it was skipped").isEqualTo(1);
    }

    @Test
    void anOutputBindingsFailedCallsAreRetriedUnderItsComponentPolicy() {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).inScenario(f).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).inScenario(f).whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withBody("done")));
        double before = retries("components/hook");

        BindingResponse response = bindings.invoke("hook", "post", Map.of("n", 1), Map.of("path", "/" + f));

        assertThat(new String(response.bytes(), UTF_8)).isEqualTo("done");
        assertThat(requests(f)).isEqualTo(2);
        assertThat(retries("components/hook") - before).isEqualTo(1);
    }

    @Test
    void withoutAUrlOrAListenerTheCallIsUnavailableAndSaysWhy() {
        assertThatThrownBy(() -> invoker.invoke("unknown-app", "f", null, Void.class))
                .isInstanceOf(InvocationUnavailableException.class)
                .hasMessageContaining("bindery.apps.unknown-app.url");
        assertThatThrownBy(() -> invoker.invoke("nowhere", "f", null, Void.class))
                .isInstanceOf(InvocationUnavailableException.class).hasMessageContaining("cannot connect");
    }

    @Test
    void anAnswerLargerThanTheBodyLimitIsRefused() {
        String f = function();
        FaultyEndpoints.server.stubFor(post(urlEqualTo("/" + f)).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody(new byte[2 * 1024 * 1024])));

        assertThatThrownBy(() -> invoker.invoke("plain", f, null, JsonNode.class))
                .isInstanceOf(InvocationFailedException.class).hasMessageContaining("max-body-size");
    }

    @Test
    void theAsynchronousFormsCompleteWithTheSameOutcomes() throws Exception {
        String id = "o-" + UUID.randomUUID();
        Order placed = invoker.invokeAsync(SELF, "placeOrder", order(id, "cup", 1), Order.class)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(placed.getId()).isEqualTo(id);
        assertThat(invoker.invokeUni(SELF, "getOrder", Map.of("id", id), Order.class).await()
                .atMost(Duration.ofSeconds(10)).getItem()).isEqualTo("cup");
        CloudEvent event = CloudEventBuilder.v1().withId("e-" + id).withSource(URI.create("/tests"))
                .withType("com.example.order.get").withData("application/json", ("{\"id\":\"" + id + "\"}")
                        .getBytes(UTF_8))
                .build();
        CloudEvent reply = invoker.invokeEvent(SELF, "getOrder", event, InvokeOptions.DEFAULT).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(reply.getType()).isEqualTo("com.example.order");
        assertThat(invoker.invokeAsync(SELF, "getOrder", Map.of("id", "none"), Order.class).toCompletableFuture()
                .handle((value, failure) -> failure).get(10, TimeUnit.SECONDS))
                .isInstanceOf(InvocationNotFoundException.class).isInstanceOf(InvocationException.class);
    }
}

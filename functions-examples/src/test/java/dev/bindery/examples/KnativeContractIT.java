package dev.bindery.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * The packaged application under Knative's runtime contract: started with the environment Knative gives a revision
 * ({@code PORT}, {@code K_SERVICE}, {@code K_REVISION}, {@code K_CONFIGURATION}, {@code K_SINK} from a SinkBinding),
 * the test plays the Broker — delivering binary-mode events with Knative's extension attributes and receiving what
 * the application publishes (WireMock) — and finally sends SIGTERM while a slow request is in flight.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnativeContractIT {

    @RegisterExtension
    static final WireMockExtension BROKER = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
            .resetOnEachTest(false).build();

    static Process app;
    static int port;
    static Path log;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        BROKER.stubFor(post(urlEqualTo("/default/default")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ready"));
        BROKER.stubFor(post(urlEqualTo("/default/default")).inScenario("busy").whenScenarioStateIs("ready")
                .willReturn(aResponse().withStatus(202)));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path appDir = Path.of(System.getProperty("bindery.app.dir", "target/quarkus-app"));
        Path data = Files.createTempDirectory("bindery-knative");
        log = Files.createTempFile("bindery-knative", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbindery.state.default.data-dir=" + data.resolve("state/default"),
                "-Dbindery.state.orders.data-dir=" + data.resolve("state/orders"),
                "-Dbindery.bindings.uploads.file=" + data.resolve("uploads"),
                "-Dbindery.bindings.uploads-failed.file=" + data.resolve("uploads-failed"),
                "-Dbindery.bindings.reports.file=" + data.resolve("reports"),
                "-jar", appDir.resolve("quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("K_SERVICE", "bindery-examples");
        builder.environment().put("K_REVISION", "bindery-examples-00001");
        builder.environment().put("K_CONFIGURATION", "bindery-examples");
        builder.environment().put("K_SINK", BROKER.baseUrl() + "/default/default");
        app = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!app.isAlive()) {
                throw new AssertionError("The application exited:\n" + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(), HttpResponse.BodyHandlers
                        .discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Not ready within 60 s:\n" + Files.readString(log));
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A delivery as the Broker's dispatcher makes it: binary mode, with Knative's extension attributes. */
    static HttpRequest.Builder delivery(String path, String type, String json) {
        return HttpRequest.newBuilder(uri(path)).header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/knative/tests")
                .header("ce-type", type).header("ce-knativearrivaltime", Instant.now().toString())
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void aDeliveryWithKnativeAttributesIsAnsweredWithTheReply() throws Exception {
        HttpResponse<String> response = send(delivery("/", "greet", "{\"name\":\"Ada\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ce-type")).contains("greet.output");
        assertThat(response.body()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
    }

    @Test
    @Order(2)
    void aFunctionWithoutAReplyIsAnswered202() throws Exception {
        HttpResponse<String> response = send(delivery("/auditOrder", "com.example.order.accepted",
                "{\"id\":\"o-k\",\"item\":\"teapot\",\"quantity\":1}").header("ce-topic", "orders"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEmpty();
    }

    @Test
    @Order(3)
    void badEventsAre400AndUnroutableOnes404AndFailures500() throws Exception {
        HttpResponse<String> bad = send(HttpRequest.newBuilder(uri("/")).header("ce-specversion", "1.0")
                .header("ce-source", "/knative/tests").header("ce-type", "greet")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("content-type")).contains("application/problem+json");

        assertThat(send(delivery("/", "com.example.nobody", "{}")).statusCode()).isEqualTo(404);
        assertThat(send(delivery("/", "checkStock", "{\"item\":\"x\",\"failWith\":\"db down\"}")).statusCode())
                .isEqualTo(500);
    }

    @Test
    @Order(4)
    void publishingGoesToKSinkAndIsRetriedAfterA503() throws Exception {
        HttpResponse<String> placed = send(delivery("/", "com.example.order.placed",
                "{\"id\":\"o-" + UUID.randomUUID() + "\",\"item\":\"kettle\",\"quantity\":1}"));
        assertThat(placed.statusCode()).isEqualTo(200);

        Instant deadline = Instant.now().plusSeconds(30);
        while (BROKER.findAll(postRequestedFor(urlEqualTo("/default/default"))).size() < 2
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        BROKER.verify(2, postRequestedFor(urlEqualTo("/default/default")).withHeader("ce-topic", equalTo("orders"))
                .withHeader("ce-type", equalTo("com.example.order.accepted"))
                // the same trace, continued by the publish span
                .withHeader("ce-traceparent", matching("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")));
    }

    @Test
    @Order(100)
    void onSigtermTheRequestInFlightCompletesAndTheProcessExitsWithinTheGracePeriod() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = HTTP.sendAsync(delivery("/", "checkStock",
                "{\"item\":\"teapot\",\"delayMs\":3000}").build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1000);

        long signalled = System.nanoTime();
        app.destroy();

        assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(app.waitFor(25, TimeUnit.SECONDS)).as("exits within the grace period").isTrue();
        assertThat(app.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(25));
    }
}

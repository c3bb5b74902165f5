package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Service invocation between two real applications: the packaged example app twice, as separate processes on their
 * own ports. The caller's {@code orderWorkflow} invokes {@code placeOrder} of the app id {@code orders-app}, which
 * {@code bindery.apps.orders-app.url} points at the other process. One trace runs across both: each app's JSON log
 * line for the order carries the trace id the test sent.
 */
class ServiceInvocationIT {

    private final List<PackagedApp> apps = new ArrayList<>();

    @AfterEach
    void stop() {
        apps.forEach(app -> app.process().destroyForcibly());
    }

    private PackagedApp launch(String name, List<String> properties) throws Exception {
        Path data = Files.createTempDirectory("bindery-" + name);
        List<String> all = new ArrayList<>(properties);
        all.addAll(List.of("bindery.state.default.data-dir=" + data.resolve("state/default"),
                "bindery.state.orders.data-dir=" + data.resolve("state/orders"),
                "bindery.bindings.uploads.file=" + data.resolve("uploads"),
                "bindery.bindings.uploads-failed.file=" + data.resolve("uploads-failed"),
                "bindery.bindings.reports.file=" + data.resolve("reports")));
        PackagedApp app = PackagedApp.launch(all, Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true",
                "QUARKUS_OTEL_SDK_DISABLED", "false"), PackagedApp.freePort(), Files.createTempFile(name, ".log"));
        apps.add(app);
        return app.awaitReady(Duration.ofSeconds(60));
    }

    @Test
    void aFunctionInvokesAnotherAppsFunctionUnderOneTrace() throws Exception {
        PackagedApp callee = launch("callee", List.of());
        PackagedApp caller = launch("caller", List.of("examples.orders-app=orders-app",
                "bindery.apps.orders-app.url=" + callee.baseUri().toString().replaceAll("/$", "")));
        String trace = UUID.randomUUID().toString().replace("-", "");
        String id = "o-" + UUID.randomUUID();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> placed = http.send(HttpRequest.newBuilder(caller.baseUri())
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/it").header("ce-type", "orderWorkflow")
                .header("traceparent", "00-" + trace + "-00f067aa0ba902b7-01").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"item\":\"kettle\",\"quantity\":2}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
        assertThat(placed.body()).contains(id);

        HttpResponse<String> stored = http.send(HttpRequest.newBuilder(callee.baseUri().resolve("/getOrder"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"" + id + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as("the order is in the callee's store").isEqualTo(200);
        assertThat(stored.body()).contains("kettle");

        HttpResponse<String> rejected = http.send(HttpRequest.newBuilder(caller.baseUri())
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/it").header("ce-type", "orderWorkflow").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\",\"item\":\"kettle\",\"quantity\":0}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rejected.statusCode()).as("the callee's 422 rejects the caller's event: " + rejected.body())
                .isEqualTo(422);

        assertThat(caller.awaitLogLine("Placing order " + id)).as("the caller's log line carries the trace")
                .contains("\"traceId\":\"" + trace + "\"");
        assertThat(callee.awaitLogLine("Order " + id + " accepted")).as("the callee's log line carries the same trace")
                .contains("\"traceId\":\"" + trace + "\"");
    }
}

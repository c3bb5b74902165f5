package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * Starts the packaged application with {@code java -jar} and {@code PORT} set, as Knative does, and runs the example
 * contract against it over HTTP.
 */
class PackagedAppIT extends ExampleFunctionsContract {

    private static Process app;
    private static int port;
    private static Path log;
    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        port = PackagedApp.freePort();
        log = Files.createTempFile("bindery-examples", ".log");
        Path state = Files.createTempDirectory("bindery-it-state");
        data = Files.createTempDirectory("bindery-it-data");
        app = PackagedApp.launch(List.of("bindery.state.default.data-dir=" + state.resolve("default"),
                "bindery.state.orders.data-dir=" + state.resolve("orders"),
                "bindery.bindings.nightly.cron=@every 1s",
                "examples.cart.expires-after=1s",
                "bindery.bindings.uploads.file=" + data.resolve("uploads"),
                "bindery.bindings.uploads-failed.file=" + data.resolve("uploads-failed"),
                "bindery.bindings.reports.file=" + data.resolve("reports")),
                Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"), port, log)
                .awaitReady(Duration.ofSeconds(60)).process();
    }

    @Override
    Path uploadsDir() {
        return data.resolve("uploads");
    }

    @Override
    Path reportsDir() {
        return data.resolve("reports");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.destroy();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).as("the application stops on SIGTERM").isTrue();
        }
    }

    @Override
    URI baseUri() {
        return URI.create("http://localhost:" + port + "/");
    }

    @Test
    void listensOnThePortGivenInTheEnvironmentAndPrintsACurlToTry() throws IOException {
        String output = Files.readString(log);
        assertThat(output).contains("Listening on: http://0.0.0.0:" + port);
        assertThat(output).contains("curl -i http://localhost:" + port + "/ -H 'ce-specversion: 1.0'");
    }

    @Test
    void jsonLogLinesCarryTheEventIdAndTraceId() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String id = UUID.randomUUID().toString();
        var response = http.raw(HttpMethod.POST, "/", Map.of("traceparent", "00-" + traceId + "-" + traceId.substring(16)
                + "-01", "ce-specversion", "1.0", "ce-id", "log-" + id, "ce-source", "/tests",
                "ce-type", "com.example.order.placed", "content-type", "application/json"),
                Buffer.buffer("{\"id\":\"" + id + "\",\"item\":\"teapot\",\"quantity\":1}"));
        assertThat(response.statusCode()).isEqualTo(200);

        ObjectMapper json = new ObjectMapper();
        JsonNode line = null;
        Instant deadline = Instant.now().plusSeconds(10);
        while (line == null && Instant.now().isBefore(deadline)) {
            for (String text : Files.readAllLines(log)) {
                if (text.startsWith("{") && text.contains("Order " + id + " accepted")) {
                    line = json.readTree(text);
                }
            }
            Thread.sleep(50);
        }
        assertThat(line).as("a JSON log line for the order").isNotNull();
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("mdc").path("eventId").asText()).isEqualTo("log-" + id);
        assertThat(line.path("mdc").path("function").asText()).isEqualTo("placeOrder");
        assertThat(line.path("mdc").path("traceId").asText()).isEqualTo(traceId);
        assertThat(line.path("mdc").path("spanId").asText()).hasSize(16);
    }
}

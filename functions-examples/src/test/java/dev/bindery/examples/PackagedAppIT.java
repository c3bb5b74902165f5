package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
        Path appDir = Path.of(System.getProperty("bindery.app.dir", "target/quarkus-app"));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = Files.createTempFile("bindery-examples", ".log");
        Path state = Files.createTempDirectory("bindery-it-state");
        data = Files.createTempDirectory("bindery-it-data");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dbindery.state.default.data-dir=" + state.resolve("default"),
                "-Dbindery.state.orders.data-dir=" + state.resolve("orders"),
                "-Dbindery.bindings.nightly.cron=@every 1s",
                "-Dbindery.bindings.uploads.file=" + data.resolve("uploads"),
                "-Dbindery.bindings.uploads-failed.file=" + data.resolve("uploads-failed"),
                "-Dbindery.bindings.reports.file=" + data.resolve("reports"),
                "-jar", appDir.resolve("quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        app = builder.start();
        awaitReady();
    }

    private static void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!app.isAlive()) {
                throw new AssertionError("The application exited with " + app.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + "/q/health/ready")
                        .toURL().openConnection();
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The application was not ready within 60 s:\n" + Files.readString(log));
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

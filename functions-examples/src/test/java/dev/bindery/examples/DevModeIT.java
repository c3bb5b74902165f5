package dev.bindery.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;

/**
 * {@code ./mvnw quarkus:dev} on a copy of this repository, as the README runs it: dev mode resolves and starts, serves
 * {@code greet}, answers the Bindery card's JSON-RPC methods in the Dev UI, and reloads a function edited while it runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevModeIT {

    /** The Bindery card's JSON-RPC methods are {@code <extension artifact>_<method>}. */
    private static final String CARD = "bindery-function-host_";

    private static DevModeProject project;
    private static CloudEventsHttp http;

    @BeforeAll
    static void startDevMode() throws Exception {
        Path repository = Path.of(System.getProperty("bindery.repository.dir", ".."));
        project = DevModeProject.copy(repository, Path.of("target", "dev-mode").toAbsolutePath(), PackagedApp.freePort())
                .start();
        project.awaitReady(Duration.ofMinutes(5));
        http = new CloudEventsHttp(project.baseUri());
    }

    @AfterAll
    static void stopDevMode() throws Exception {
        if (http != null) {
            http.close();
        }
        if (project != null) {
            project.close();
        }
    }

    @Test
    @Order(1)
    void servesGreetAsACloudEvent() {
        HttpResponse<Buffer> response = http.binary(ExampleFunctionsContract.event("greet", "{\"name\":\"Ada\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        CloudEvent reply = CloudEventsHttp.reply(response);
        assertThat(reply.getType()).isEqualTo("greet.output");
        assertThat(new String(reply.getData().toBytes(), UTF_8)).isEqualTo("{\"message\":\"Hello, Ada!\"}");
    }

    @Test
    @Order(2)
    void theDevUiCardListsWhatTheHostRuns() throws Exception {
        try (DevUiJsonRpc rpc = new DevUiJsonRpc(project.baseUri())) {
            JsonNode functions = rpc.call(CARD + "functions", Map.of(), Duration.ofSeconds(30));
            assertThat(functions.findValuesAsText("name")).contains("greet", "placeOrder", "auditOrder",
                    "nightlyReport", "Cart.addItem");
            assertThat(find(functions, "name", "greet").path("routes").asText()).isEqualTo("type=greet");
            assertThat(find(functions, "name", "auditOrder").path("trigger").asText())
                    .isEqualTo("topic default/orders");

            JsonNode subscriptions = rpc.call(CARD + "subscriptions", Map.of(), Duration.ofSeconds(30));
            JsonNode audit = find(subscriptions, "function", "auditOrder");
            assertThat(audit.path("topic").asText()).isEqualTo("orders");
            assertThat(audit.path("status").asText()).isEqualTo("running");
            assertThat(audit.path("lag").isNumber()).as("lag of %s", audit).isTrue();

            JsonNode bindings = rpc.call(CARD + "bindings", Map.of(), Duration.ofSeconds(30));
            JsonNode uploads = find(bindings, "name", "uploads");
            assertThat(uploads.path("function").asText()).isEqualTo("ingestUpload");
            assertThat(uploads.path("direction").asText()).isEqualTo("input");
            assertThat(uploads.path("status").asText()).isEqualTo("running");

            // readiness does not wait for the actors' store to open the first time (calls to it wait): it opens
            // shortly after
            String status = null;
            for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline
                    && !"open".equals(status); Thread.sleep(200)) {
                JsonNode stores = rpc.call(CARD + "stores", Map.of(), Duration.ofSeconds(30));
                status = find(stores, "name", "default").path("status").asText();
            }
            assertThat(status).isEqualTo("open");

            // greet was served as a CloudEvent over HTTP by the first test
            JsonNode events = rpc.call(CARD + "recentEvents", Map.of(), Duration.ofSeconds(30));
            JsonNode greet = find(events, "function", "greet");
            assertThat(greet.path("transport").asText()).isEqualTo("http");
            assertThat(greet.path("outcome").asText()).isEqualTo("success");
        }
    }

    @Test
    @Order(3)
    void theDevUiCardInvokesAFunctionAndStreamsTheEvent() throws Exception {
        try (DevUiJsonRpc rpc = new DevUiJsonRpc(project.baseUri())) {
            int stream = rpc.send(CARD + "streamEvents", Map.of());

            JsonNode result = rpc.call(CARD + "invoke",
                    Map.of("function", "greet", "type", "", "data", "{\"name\":\"Grace\"}"), Duration.ofSeconds(30));
            assertThat(result.path("outcome").asText()).isEqualTo("replied");
            assertThat(result.path("type").asText()).isEqualTo("greet.output");
            assertThat(result.path("data").asText()).isEqualTo("{\"message\":\"Hello, Grace!\"}");

            JsonNode streamed = rpc.await(stream, event -> "greet".equals(event.path("function").asText()),
                    Duration.ofSeconds(30));
            assertThat(streamed.path("transport").asText()).isEqualTo("dev-ui");
            assertThat(streamed.path("outcome").asText()).isEqualTo("success");

            JsonNode unknown = rpc.call(CARD + "invoke", Map.of("function", "nope", "type", "", "data", ""),
                    Duration.ofSeconds(30));
            assertThat(unknown.path("status").asInt()).isEqualTo(404);
        }
    }

    @Test
    @Order(4)
    void reloadsAFunctionEditedWhileItRuns() throws Exception {
        project.edit("functions-examples/src/main/java/dev/bindery/examples/Greetings.java", "\"Hello, \"",
                "\"Howdy, \"");

        // dev mode looks for changed sources when a request comes: the first request after the edit may still be served
        // by the old class if the edit lands within the same timestamp tick
        String body = null;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/greet", Map.of("content-type",
                    "application/json"), Buffer.buffer("{\"name\":\"Ada\"}"));
            body = response.bodyAsString();
            if (response.statusCode() == 200 && body.contains("Howdy")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(body).as("after the edit; dev mode's output:\n%s", project.logTail())
                .isEqualTo("{\"message\":\"Howdy, Ada!\"}");
        // the reloaded application starts its bindings, subscriptions and stores again
        project.awaitReady(Duration.ofMinutes(1));
    }

    private static JsonNode find(JsonNode rows, String field, String value) {
        for (JsonNode row : rows) {
            if (value.equals(row.path(field).asText())) {
                return row;
            }
        }
        throw new AssertionError("No row with " + field + " = " + value + " in " + rows);
    }
}

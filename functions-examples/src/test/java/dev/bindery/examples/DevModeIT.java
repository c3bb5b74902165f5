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

import io.cloudevents.CloudEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;

/**
 * {@code ./mvnw quarkus:dev} on a copy of this repository, as the README runs it: dev mode resolves and starts, serves
 * {@code greet} and reloads a function edited while it runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevModeIT {

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
}

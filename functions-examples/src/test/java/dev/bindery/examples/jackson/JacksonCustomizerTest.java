package dev.bindery.examples.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

import dev.bindery.state.StateStore;

/**
 * One application {@link ObjectMapper} everywhere: a user's {@code ObjectMapperCustomizer} (snake_case names) applies
 * to function arguments and replies, state, publishes and output bindings alike.
 */
@QuarkusTest
@TestProfile(JacksonCustomizerTest.SnakeCase.class)
class JacksonCustomizerTest {

    /** Turns the customizer on (a build property: the test restarts the application with it). */
    public static class SnakeCase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("examples.snake-case", "true");
        }
    }

    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Inject
    StateStore state;

    @Test
    void theUsersCustomizerAppliesToRepliesStatePublishesAndBindings() throws Exception {
        String id = UUID.randomUUID().toString();

        String reply = RestAssured.given().contentType("application/json")
                .body("{\"stamp_id\":\"" + id + "\",\"written_by\":\"ada\"}")
                .post("/snake-stamp").then().statusCode(200).extract().asString();

        assertThat(PLAIN.readTree(reply)).as("the reply, and the argument bound from snake_case")
                .isEqualTo(PLAIN.readTree("{\"stamp_id\":\"" + id + "\",\"written_by\":\"ada\"}"));
        JsonNode stored = state.get("snake/" + id).orElseThrow().value(JsonNode.class);
        assertThat(stored.has("stamp_id")).as("state: %s", stored).isTrue();
        Path report = Path.of("target/test-data/reports/snake-" + id + ".json");
        assertThat(PLAIN.readTree(Files.readAllBytes(report)).has("written_by")).as("the output binding").isTrue();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (SnakeCaseFunctions.HEARD.stream().noneMatch(data -> id.equals(data.path("stamp_id").asText()))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(SnakeCaseFunctions.HEARD).as("the published event's data")
                .anyMatch(data -> id.equals(data.path("stamp_id").asText()));
    }
}

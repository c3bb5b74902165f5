package dev.bindery.examples.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.bindery.internal.admin.RecentEvents;

/** With {@code bindery.admin.enabled=false} (the production default) nothing answers under /q/bindery/. */
@QuarkusTest
@TestProfile(AdminDisabledTest.Disabled.class)
class AdminDisabledTest {

    /** The admin endpoints off, as in production. */
    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bindery.admin.enabled", "false");
        }
    }

    @Inject
    RecentEvents events;

    @Test
    void everyAdminPathAnswers404AndNoEventIsRecorded() {
        for (String path : new String[]{"functions", "bindings", "subscriptions", "stores", "events",
                "events/stream", "state/default/k"}) {
            assertThat(given().when().get("/q/bindery/" + path).then().extract().statusCode()).as(path)
                    .isEqualTo(404);
        }
        assertThat(given().contentType("application/json").body("{}").when().post("/q/bindery/publish/default/t")
                .then().extract().statusCode()).isEqualTo(404);
        given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/admin-test").header("ce-type", "greet").contentType("application/json")
                .body("{\"name\":\"Ada\"}").when().post("/").then().statusCode(200);
        // the recording stage is not in the pipeline
        assertThat(events.newestFirst(10)).isEmpty();
    }
}

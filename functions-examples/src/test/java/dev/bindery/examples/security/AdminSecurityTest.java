package dev.bindery.examples.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The host admin endpoints with security on (the tokens of {@link SecuritySetup}, read from a secret file): a
 * credential is required, and only the caller named by {@code bindery.admin.role} (default {@code bindery-admin}, here
 * a JWT group) may use them; no answer holds a token's value.
 */
@QuarkusTest
@QuarkusTestResource(value = SecuritySetup.class, restrictToAnnotatedClass = true)
class AdminSecurityTest {

    private static final List<String> PATHS = List.of("functions", "bindings", "subscriptions", "stores", "events");

    private static Response get(String path, String token) {
        var request = given();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.when().get("/q/bindery/" + path).then().extract().response();
    }

    @Test
    void withoutACredentialEveryAdminPathIsUnauthenticated() {
        for (String path : PATHS) {
            Response response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"bindery\"");
        }
        assertThat(get("functions", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(get("functions", SecuritySetup.EXPIRED).statusCode()).isEqualTo(401);
    }

    @Test
    void aCallerWithoutTheAdminRoleIsForbiddenEvenWhenItMayCallEveryFunction() {
        Response response = get("functions", SecuritySetup.OLD);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.asString()).doesNotContain("bindery-admin").doesNotContain("ci-old");
        String alice = SecuritySetup.idp.token("alice", Set.of("users"));
        assertThat(get("events", alice).statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", "Bearer " + alice).contentType("application/json").body("{}")
                .when().post("/q/bindery/publish/default/tallies").then().extract().statusCode()).isEqualTo(403);
    }

    @Test
    void theAdminRoleMayReadAndActAndNoAnswerHoldsATokenValue() {
        String admin = SecuritySetup.idp.token("dana", Set.of("bindery-admin"));
        // an event by a caller, so the recent events have one
        given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/admin-security-test").header("ce-type", "greet")
                .header("bindery-api-token", SecuritySetup.CALLER_A).contentType("application/json")
                .body("{\"name\":\"Ada\"}").when().post("/").then().statusCode(200);
        for (String path : PATHS) {
            Response response = get(path, SecuritySetup.idp.token("dana", Set.of("bindery-admin")));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            for (String secret : List.of(SecuritySetup.OLD, SecuritySetup.NEW, SecuritySetup.CALLER_A,
                    SecuritySetup.EXPIRED)) {
                assertThat(response.asString()).as(path).doesNotContain(secret);
            }
        }
        assertThat(get("events", admin).jsonPath().getList("function")).contains("greet");
        String key = "/q/bindery/state/default/admin-" + UUID.randomUUID();
        assertThat(given().header("Authorization", "Bearer " + admin).contentType("application/json").body("1")
                .when().put(key).then().extract().statusCode()).isEqualTo(204);
        assertThat(given().header("Authorization", "Bearer " + admin).when().get(key).then().extract().asString())
                .isEqualTo("1");
    }
}

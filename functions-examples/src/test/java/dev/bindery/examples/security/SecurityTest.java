package dev.bindery.examples.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import dev.bindery.examples.secrets.Await;

/**
 * The security stage on the HTTP ingress of the example application, with real tokens: API tokens from a secret file
 * (rotated with overlap, one expired), JWTs signed by keys this test generated and served as a JWKS by WireMock, and
 * {@code default-action=deny} with a policy per caller.
 */
@QuarkusTest
@QuarkusTestResource(value = SecuritySetup.class, restrictToAnnotatedClass = true)
class SecurityTest {

    @Inject
    MeterRegistry meters;

    private static RequestSpecification event(String type) {
        return given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/security-test").header("ce-type", type).contentType("application/json")
                .body(type.equals("com.example.order.placed")
                        ? "{\"item\":\"book\",\"quantity\":1}"
                        : "{\"name\":\"Ada\"}");
    }

    private static Response greet(RequestSpecification request) {
        return request.when().post("/").then().extract().response();
    }

    private static void assertUnauthenticated(Response response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"bindery\"");
        assertThat(response.jsonPath().getString("type")).endsWith("/unauthenticated");
    }

    @Test
    void anEventWithoutATokenIsUnauthenticated() {
        Response response = greet(event("greet"));
        assertUnauthenticated(response);
        assertThat(response.jsonPath().getString("detail")).contains("credential is required");
    }

    @Test
    void theOldAndTheNewTokenAreBothAcceptedDuringARotation() {
        assertThat(greet(event("greet").header("Authorization", "Bearer " + SecuritySetup.OLD)).statusCode())
                .isEqualTo(200);
        assertThat(greet(event("greet").header("bindery-api-token", SecuritySetup.NEW)).statusCode())
                .isEqualTo(200);
        // Dapr's header name, for drop-in clients
        assertThat(greet(event("greet").header("dapr-api-token", SecuritySetup.NEW)).jsonPath().getString("message"))
                .isEqualTo("Hello, Ada!");
    }

    @Test
    void aRotatedTokenValueReplacesTheOldOneWithoutARestart() throws InterruptedException {
        String rotated = "rotated-" + UUID.randomUUID();
        SecuritySetup.rotate("ci-new", rotated);
        Await.until("the rotated token accepted", Duration.ofSeconds(10), () -> greet(event("greet")
                .header("bindery-api-token", rotated)).statusCode() == 200);
        assertUnauthenticated(greet(event("greet").header("bindery-api-token", SecuritySetup.NEW)));
        // the other token was not touched
        assertThat(greet(event("greet").header("bindery-api-token", SecuritySetup.OLD)).statusCode()).isEqualTo(200);
        SecuritySetup.rotate("ci-new", SecuritySetup.NEW);
        Await.until("the token rotated back", Duration.ofSeconds(10), () -> greet(event("greet")
                .header("bindery-api-token", SecuritySetup.NEW)).statusCode() == 200);
    }

    @Test
    void anExpiredTokenIsUnauthenticated() {
        Response response = greet(event("greet").header("bindery-api-token", SecuritySetup.EXPIRED));
        assertUnauthenticated(response);
        assertThat(response.jsonPath().getString("detail")).isEqualTo("The API token has expired");
    }

    @Test
    void anUnknownOrMalformedCredentialIsUnauthenticatedNeverAFailure() {
        assertUnauthenticated(greet(event("greet").header("bindery-api-token", "not-a-token")));
        for (String header : new String[]{"Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer", "Bearer a b", "", "Bearer x.y.z",
                "Bearer ..", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."}) {
            Response response = greet(event("greet").header("Authorization", header));
            assertUnauthenticated(response);
            assertThat(response.asString()).doesNotContain("YWxhZGRpbjpvcGVuc2VzYW1l");
        }
        // two headers naming different tokens
        assertUnauthenticated(greet(event("greet").header("Authorization", "Bearer " + SecuritySetup.OLD)
                .header("bindery-api-token", SecuritySetup.NEW)));
    }

    @Test
    void aJwtFromTheIdentityProviderIsVerified() {
        String admin = SecuritySetup.idp.token("bob", Set.of("admins"));
        assertThat(greet(event("greet").header("Authorization", "Bearer " + admin)).statusCode()).isEqualTo(200);
        // alice may greet, not place orders
        String alice = SecuritySetup.idp.token("alice", Set.of());
        assertThat(greet(event("greet").header("Authorization", "Bearer " + alice)).statusCode()).isEqualTo(200);
        assertThat(greet(event("com.example.order.placed").header("Authorization", "Bearer " + alice)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aJwtSignedWithTheProvidersEcKeyIsVerifiedToo() {
        String admin = SecuritySetup.idp.ecToken("carol", Set.of("admins"));
        assertThat(greet(event("whoAmI").header("Authorization", "Bearer " + admin)).asString())
                .isEqualTo("\"jwt:carol\"");
    }

    @Test
    void aJwtWithTheWrongAudienceIssuerExpiryOrSignatureIsUnauthenticated() {
        assertThat(jwtRefusal(SecuritySetup.idp.withAudience("someone-else"))).contains("audience");
        assertThat(jwtRefusal(SecuritySetup.idp.withIssuer("https://evil.test"))).contains("issuer");
        assertThat(jwtRefusal(SecuritySetup.idp.expired())).contains("expired");
        assertThat(jwtRefusal(SecuritySetup.idp.signedByAnImpostor())).contains("The JWT is not valid");
    }

    private static String jwtRefusal(String token) {
        Response response = greet(event("greet").header("Authorization", "Bearer " + token));
        assertUnauthenticated(response);
        return response.jsonPath().getString("detail");
    }

    @Test
    void aCallerIsAllowedOneFunctionAndDeniedAnotherWithoutLearningWhy() {
        assertThat(greet(event("greet").header("bindery-api-token", SecuritySetup.CALLER_A)).statusCode())
                .isEqualTo(200);
        Response denied = greet(event("com.example.order.placed").header("bindery-api-token",
                SecuritySetup.CALLER_A));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.contentType()).startsWith("application/problem+json");
        assertThat(denied.asString()).doesNotContain("placeOrder", "caller-a", "policy", "deny", "greet");
        // the same through the function's own path
        Response byPath = given().header("bindery-api-token", SecuritySetup.CALLER_A).contentType("application/json")
                .body("{\"item\":\"book\",\"quantity\":1}").post("/placeOrder").then().extract().response();
        assertThat(byPath.statusCode()).isEqualTo(403);
        assertThat(byPath.asString()).doesNotContain("placeOrder", "caller-a");
        Counter forbidden = meters.find("bindery.access.denied").tags("function", "placeOrder", "reason",
                "forbidden", "transport", "http").counter();
        assertThat(forbidden).isNotNull();
        assertThat(forbidden.count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void whichFunctionsExistIsNotToldToAnUnauthenticatedSender() {
        assertUnauthenticated(given().contentType("application/json").body("{}").post("/noSuchFunction").then()
                .extract().response());
        // a caller denied by default learns nothing either; an allowed one gets the 404
        assertThat(given().header("bindery-api-token", SecuritySetup.CALLER_A).contentType("application/json")
                .body("{}").post("/noSuchFunction").then().extract().statusCode()).isEqualTo(403);
        assertThat(given().header("bindery-api-token", SecuritySetup.OLD).contentType("application/json").body("{}")
                .post("/noSuchFunction").then().extract().statusCode()).isEqualTo(404);
    }

    @Test
    void theCallerIsWhatTheCredentialProvedNeverWhatTheEventClaims() {
        Response response = greet(event("whoAmI").header("bindery-api-token", SecuritySetup.CALLER_A)
                .header("ce-authtype", "service_account").header("ce-authid", "app:payments"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.asString()).isEqualTo("\"token:caller-a\"");
    }

    @Test
    void theCallerIsTheFunctionsQuarkusSecurityIdentityAndRolesAllowedChecksItsGroups() {
        String admin = SecuritySetup.idp.token("bob", Set.of("admins", "ops"));
        assertThat(greet(event("whoAmIToQuarkus").header("Authorization", "Bearer " + admin)).asString())
                .isEqualTo("\"bob [admins, ops]\"");
        assertThat(greet(event("adminReport").header("Authorization", "Bearer " + admin)).asString())
                .isEqualTo("\"the admins' report\"");
        // the token ci-old may call every function, but it is in no group: @RolesAllowed refuses it, as a 403
        Response refused = greet(event("adminReport").header("bindery-api-token", SecuritySetup.OLD));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.asString()).doesNotContain("admins", "RolesAllowed");
    }

    @Test
    void healthAndMetricsOnTheMainPortNeedACredential() {
        assertThat(given().get("/q/health/live").then().extract().statusCode()).isEqualTo(401);
        assertThat(given().get("/q/metrics").then().extract().statusCode()).isEqualTo(401);
        assertThat(given().header("bindery-api-token", SecuritySetup.OLD).get("/q/health/live").then().extract()
                .statusCode()).isEqualTo(200);
        assertThat(given().header("bindery-api-token", SecuritySetup.OLD).get("/q/metrics").then().extract()
                .asString()).contains("bindery_");
    }
}

package dev.bindery.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * The packaged example app in its production profile ({@code QUARKUS_PROFILE=prod,secure}), as separate processes:
 * tokens and keys from environment variables through the env secret store, {@code default-action=deny}, health on the
 * main port protected. Three apps: {@code orders-app} (the callee), {@code checkout} whose {@code orderWorkflow} places
 * orders with it through the Invoker, signing app tokens with a key the callee trusts, and an impostor that claims to
 * be {@code checkout} with a key of its own. App tokens the test signs with checkout's key show what the callee accepts:
 * once per {@code jti}, for itself only, for the functions its policy allows.
 */
class SecureProfileIT {

    static final String OPS = "ops-" + UUID.randomUUID();
    static final String SHOP = "shop-" + UUID.randomUUID();
    static final String RETIRED = "retired-" + UUID.randomUUID();
    static final KeyPair CHECKOUT = ecKeys();
    static final KeyPair IMPOSTOR = ecKeys();
    static final KeyPair ORDERS = ecKeys();

    static final List<PackagedApp> APPS = new ArrayList<>();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static PackagedApp callee;
    static PackagedApp caller;
    static PackagedApp impostor;

    @BeforeAll
    static void start() throws Exception {
        callee = launch("orders-app", ORDERS, List.of(
                "bindery.security.app-identity.trusted.checkout.public-key=" + pem("PUBLIC KEY", CHECKOUT.getPublic()
                        .getEncoded()),
                "bindery.access.policies.checkout.functions.placeOrder=allow",
                // an API token past its expiry
                "bindery.security.tokens.retired.value=" + RETIRED,
                "bindery.security.tokens.retired.expires=2020-01-01T00:00:00Z"));
        caller = launch("checkout", CHECKOUT, List.of());
        impostor = launch("checkout", IMPOSTOR, List.of());
        for (PackagedApp app : APPS) {
            app.awaitReady(Duration.ofSeconds(60), Map.of("bindery-api-token", OPS));
        }
    }

    /** Launches the packaged app in the secure profile; a caller places its orders with orders-app. */
    private static PackagedApp launch(String appId, KeyPair keys, List<String> properties) throws Exception {
        Path dir = Files.createTempDirectory("bindery-secure-" + appId);
        List<String> all = new ArrayList<>(properties);
        all.addAll(List.of("bindery.app-id=" + appId,
                "bindery.state.default.data-dir=" + dir.resolve("state/default"),
                "bindery.state.orders.data-dir=" + dir.resolve("state/orders"),
                "bindery.bindings.uploads.file=" + dir.resolve("uploads"),
                "bindery.bindings.uploads-failed.file=" + dir.resolve("uploads-failed"),
                "bindery.bindings.reports.file=" + dir.resolve("reports")));
        if (!APPS.isEmpty()) {
            all.addAll(List.of("examples.orders-app=orders-app", "bindery.apps.orders-app.url=" + APPS.get(0)
                    .baseUri().toString().replaceAll("/$", "")));
        }
        Map<String, String> environment = new HashMap<>(Map.of("QUARKUS_PROFILE", "prod,secure",
                "EXAMPLES_OPS_TOKEN", OPS, "EXAMPLES_SHOP_TOKEN", SHOP,
                "EXAMPLES_APP_PRIVATE_KEY", pem("PRIVATE KEY", keys.getPrivate().getEncoded()),
                "EXAMPLES_APP_PUBLIC_KEY", pem("PUBLIC KEY", keys.getPublic().getEncoded())));
        PackagedApp app = PackagedApp.launch(all, environment, PackagedApp.freePort(), dir.resolve("app.log"));
        APPS.add(app);
        return app;
    }

    @AfterAll
    static void stop() throws Exception {
        for (PackagedApp app : APPS) {
            app.process().destroy();
            app.process().waitFor(30, TimeUnit.SECONDS);
        }
        for (PackagedApp app : APPS) {
            assertThat(Files.readString(app.log(), UTF_8)).as("a token or key in the log of " + app.baseUri())
                    .doesNotContain(OPS, SHOP, RETIRED, base64Body(CHECKOUT), base64Body(IMPOSTOR), base64Body(
                            ORDERS));
        }
    }

    @Test
    void anEventNeedsAValidUnexpiredToken() throws Exception {
        HttpResponse<String> none = send(callee, "greet", "{\"name\":\"Ada\"}", Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("www-authenticate")).contains("Bearer realm=\"bindery\"");
        assertThat(send(callee, "greet", "{\"name\":\"Ada\"}", Map.of("authorization", "Bearer " + OPS)).body())
                .contains("Hello, Ada!");
        HttpResponse<String> expired = send(callee, "greet", "{\"name\":\"Ada\"}", Map.of("bindery-api-token",
                RETIRED));
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("expired").doesNotContain(RETIRED);
        assertThat(send(callee, "greet", "{\"name\":\"Ada\"}", Map.of("bindery-api-token", "guessed")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aTokenMayCallWhatItsPolicyAllowsAndNothingElse() throws Exception {
        assertThat(send(callee, "placeOrder", order("s-" + UUID.randomUUID()), Map.of("bindery-api-token", SHOP))
                .statusCode()).isEqualTo(200);
        HttpResponse<String> greet = send(callee, "greet", "{\"name\":\"Ada\"}", Map.of("bindery-api-token", SHOP));
        assertThat(greet.statusCode()).isEqualTo(403);
        assertThat(greet.body()).doesNotContain("greet", "shop");
    }

    @Test
    void healthAndMetricsOnTheMainPortNeedACredential() throws Exception {
        for (String path : List.of("/q/health/ready", "/q/health/live", "/q/metrics")) {
            assertThat(get(callee, path, Map.of()).statusCode()).as(path).isEqualTo(401);
            assertThat(get(callee, path, Map.of("bindery-api-token", OPS)).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get(callee, "/q/health/ready", Map.of("bindery-api-token", SHOP)).statusCode()).isEqualTo(200);
    }

    @Test
    void orderWorkflowPlacesOrdersWithTheOtherAppAsItsAppId() throws Exception {
        String id = "w-" + UUID.randomUUID();
        HttpResponse<String> placed = send(caller, "orderWorkflow", order(id), Map.of("bindery-api-token", SHOP));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
        assertThat(placed.body()).contains(id);
        HttpResponse<String> stored = send(callee, "getOrder", "{\"id\":\"" + id + "\"}", Map.of("bindery-api-token",
                OPS));
        assertThat(stored.statusCode()).as("the order is in the callee's store").isEqualTo(200);
        assertThat(stored.body()).contains("kettle");
    }

    @Test
    void anAppWhoseKeyTheCalleeDoesNotTrustIsRefused() throws Exception {
        double before = deniedCount("placeOrder", "unauthenticated");
        String id = "i-" + UUID.randomUUID();
        HttpResponse<String> refused = send(impostor, "orderWorkflow", order(id), Map.of("bindery-api-token", SHOP));
        // the callee's 401 rejects the caller's event (not retried): the caller answers 422 with the callee's status
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("401");
        assertThat(deniedCount("placeOrder", "unauthenticated")).isEqualTo(before + 1);
        assertThat(send(callee, "getOrder", "{\"id\":\"" + id + "\"}", Map.of("bindery-api-token", OPS))
                .statusCode()).as("no order was stored").isNotEqualTo(200);
    }

    @Test
    void anAppTokenIsAcceptedOnceForTheAppItNamesAndTheFunctionsItsPolicyAllows() throws Exception {
        String token = appToken("checkout", "orders-app", Instant.now().plusSeconds(60));
        Map<String, String> bearer = Map.of("authorization", "Bearer " + token);
        assertThat(send(callee, "placeOrder", order("t-" + UUID.randomUUID()), bearer).statusCode()).isEqualTo(200);
        HttpResponse<String> replayed = send(callee, "placeOrder", order("t-" + UUID.randomUUID()), bearer);
        assertThat(replayed.statusCode()).as("a replayed app token").isEqualTo(401);

        HttpResponse<String> forbidden = send(callee, "getOrder", "{\"id\":\"x\"}", Map.of("authorization",
                "Bearer " + appToken("checkout", "orders-app", Instant.now().plusSeconds(60))));
        assertThat(forbidden.statusCode()).as("checkout may place orders, not read them").isEqualTo(403);
        // the callee knew the caller as app checkout
        assertThat(callee.awaitLogLine("for function getOrder from app:checkout")).contains("Denied http event");

        assertThat(send(callee, "placeOrder", order("t-" + UUID.randomUUID()), Map.of("authorization", "Bearer "
                + appToken("checkout", "someone-else", Instant.now().plusSeconds(60)))).statusCode())
                .as("a token for another app").isEqualTo(401);
        assertThat(send(callee, "placeOrder", order("t-" + UUID.randomUUID()), Map.of("authorization", "Bearer "
                + appToken("checkout", "orders-app", Instant.now().minusSeconds(600)))).statusCode())
                .as("an expired app token").isEqualTo(401);
    }

    /** An app token as the Invoker signs one: iss = sub = kid = the caller's app id, aud = the callee's, a jti. */
    private static String appToken(String caller, String audience, Instant expires) {
        return Jwt.issuer(caller).subject(caller).audience(audience).issuedAt(expires.minusSeconds(60))
                .expiresAt(expires).claim("jti", UUID.randomUUID().toString()).jws()
                .algorithm(SignatureAlgorithm.ES256).keyId(caller).sign(CHECKOUT.getPrivate());
    }

    private static String order(String id) {
        return "{\"id\":\"" + id + "\",\"item\":\"kettle\",\"quantity\":1}";
    }

    /** POSTs plain JSON to the function's path. */
    private static HttpResponse<String> send(PackagedApp app, String function, String json,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.baseUri().resolve("/" + function))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(PackagedApp app, String path, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUri().toString().replaceAll("/$", "")
                + path));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code bindery_access_denied_total} of the callee for a function over HTTP, 0 before the first denial. */
    private static double deniedCount(String function, String reason) throws Exception {
        String metrics = get(callee, "/q/metrics", Map.of("bindery-api-token", OPS)).body();
        Matcher line = Pattern.compile("(?m)^bindery_access_denied_total\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        double count = 0;
        while (line.find()) {
            String labels = line.group(1);
            if (labels.contains("function=\"" + function + "\"") && labels.contains("reason=\"" + reason + "\"")
                    && labels.contains("transport=\"http\"")) {
                count += Double.parseDouble(line.group(2));
            }
        }
        return count;
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A line of the private key's PEM body, to look for in logs. */
    private static String base64Body(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()).substring(0, 40);
    }
}

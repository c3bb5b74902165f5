package dev.bindery.examples.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import dev.bindery.examples.secrets.Await;

/**
 * The host admin endpoints of the example application in test mode (where they are on, and the example turns the
 * development actions on): every endpoint's shape with the example's real functions, bindings, subscriptions and
 * stores; the recent events filled by events sent over HTTP and over a topic; the live stream; publish and state; no
 * secret in any answer.
 */
@QuarkusTest
class AdminEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/q/bindery/")
    URL admin;

    private static JsonNode getJson(String path) {
        Response response = given().when().get("/q/bindery/" + path).then().extract().response();
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        try {
            return JSON.readTree(response.asByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode named(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private static String greet() {
        String id = "admin-" + UUID.randomUUID();
        given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/admin-test")
                .header("ce-type", "greet").contentType("application/json").body("{\"name\":\"Ada\"}")
                .when().post("/").then().statusCode(200);
        return id;
    }

    private static JsonNode recentEvent(String id) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        Await.until("event " + id + " among the recent events", () -> {
            for (JsonNode event : getJson("events")) {
                if (event.path("id").asText().equals(id)) {
                    found[0] = event;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void functionsListEachFunctionWithWhatTriggersIt() {
        JsonNode functions = getJson("functions");
        JsonNode greet = named(functions, "name", "greet");
        assertThat(greet.get("trigger").asText()).isEqualTo("event");
        assertThat(greet.get("routes").asText()).isEqualTo("type=greet");
        assertThat(greet.get("actor").asBoolean()).isFalse();
        assertThat(greet.get("replyType").asText()).isEqualTo("greet.output");
        assertThat(greet.get("method").asText()).isEqualTo("dev.bindery.examples.Greetings#greet");
        JsonNode placeOrder = named(functions, "name", "placeOrder");
        assertThat(placeOrder.get("routes").asText()).isEqualTo("type=com.example.order.placed");
        assertThat(placeOrder.get("filters").get(0).get(0).asText()).isEqualTo("type=com.example.order.placed");
        JsonNode audit = named(functions, "name", "auditOrder");
        assertThat(audit.get("trigger").asText()).isEqualTo("topic default/orders");
        assertThat(audit.get("topic").asText()).isEqualTo("orders");
        assertThat(audit.get("pubsub").asText()).isEqualTo("default");
        JsonNode report = named(functions, "name", "nightlyReport");
        assertThat(report.get("trigger").asText()).isEqualTo("binding nightly");
        assertThat(report.get("binding").asText()).isEqualTo("nightly");
        // configured, not annotated: the test profile binds heartbeat and subscribes tally
        assertThat(named(functions, "name", "heartbeat").get("binding").asText()).isEqualTo("heartbeats");
        assertThat(named(functions, "name", "tally").get("topic").asText()).isEqualTo("tallies");
        JsonNode cart = named(functions, "name", "Cart.addItem");
        assertThat(cart.get("actor").asBoolean()).isTrue();
        assertThat(cart.get("trigger").asText()).isEqualTo("actor Cart");
        assertThat(cart.get("routes").isNull()).isTrue();
    }

    @Test
    void bindingsShowTheirKindStatusAndEndpointWithoutCredentials() throws InterruptedException {
        Await.until("the input bindings running", () -> {
            JsonNode bindings = getJson("bindings");
            return "running".equals(named(bindings, "name", "nightly").path("status").asText())
                    && "running".equals(named(bindings, "name", "uploads").path("status").asText());
        });
        JsonNode bindings = getJson("bindings");
        JsonNode nightly = named(bindings, "name", "nightly");
        assertThat(nightly.get("direction").asText()).isEqualTo("input");
        assertThat(nightly.get("kind").asText()).isEqualTo("cron");
        assertThat(nightly.get("function").asText()).isEqualTo("nightlyReport");
        assertThat(nightly.get("reason").isNull()).isTrue();
        JsonNode uploads = named(bindings, "name", "uploads");
        assertThat(uploads.get("kind").asText()).isEqualTo("file");
        assertThat(uploads.get("endpoint").asText()).contains("target/test-data/uploads");
        JsonNode reports = named(bindings, "name", "reports");
        assertThat(reports.get("direction").asText()).isEqualTo("output");
        assertThat(reports.get("function").isNull()).isTrue();
        JsonNode partner = named(bindings, "name", "partner");
        assertThat(partner.get("kind").asText()).isEqualTo("http");
        assertThat(partner.get("endpoint").asText()).contains("localhost:9/api").doesNotContain(signingKey());
    }

    @Test
    void subscriptionsShowTheirStatusAndLag() throws InterruptedException {
        Await.until("the subscriptions running", () -> {
            for (JsonNode subscription : getJson("subscriptions")) {
                if (!subscription.get("status").asText().equals("running")) {
                    return false;
                }
            }
            return true;
        });
        JsonNode subscriptions = getJson("subscriptions");
        JsonNode audit = named(subscriptions, "function", "auditOrder");
        assertThat(audit.get("pubsub").asText()).isEqualTo("default");
        assertThat(audit.get("topic").asText()).isEqualTo("orders");
        assertThat(audit.get("deadLetterTopic").asText()).isEqualTo("orders-dlq");
        // the in-memory broker knows its lag exactly
        assertThat(audit.get("lag").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(named(subscriptions, "function", "tally").get("topic").asText()).isEqualTo("tallies");
    }

    @Test
    void storesShowTheirTypeAndStatus() throws InterruptedException {
        // the orders store opens on its first call
        given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/admin-test").header("ce-type", "com.example.order.get")
                .contentType("application/json").body("{\"id\":\"no-such-order\"}").when().post("/");
        Await.until("the orders store open", () -> "open".equals(named(getJson("stores"), "name", "orders")
                .path("status").asText()));
        JsonNode orders = named(getJson("stores"), "name", "orders");
        assertThat(orders.get("type").asText()).isEqualTo("infinispan");
        assertThat(orders.get("start").asText()).isEqualTo("lazy");
        assertThat(orders.get("keyPrefix").asText()).isEqualTo("app-id");
        assertThat(orders.get("reason").isNull()).isTrue();
        assertThat(named(getJson("stores"), "name", "default").get("type").asText()).isEqualTo("infinispan");
    }

    @Test
    void anEventSentOverHttpIsAmongTheRecentEventsNewestFirst() throws InterruptedException {
        String first = greet();
        String second = greet();
        JsonNode event = recentEvent(second);
        assertThat(event.get("transport").asText()).isEqualTo("http");
        assertThat(event.get("type").asText()).isEqualTo("greet");
        assertThat(event.get("source").asText()).isEqualTo("/admin-test");
        assertThat(event.get("function").asText()).isEqualTo("greet");
        assertThat(event.get("outcome").asText()).isEqualTo("success");
        assertThat(event.get("durationMs").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(event.get("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(event.get("time").asText()).isNotEmpty();
        // the data is kept only with bindery.admin.events.include-data=true
        assertThat(event.has("data")).isFalse();
        List<String> ids = getJson("events").findValuesAsText("id");
        assertThat(ids.indexOf(second)).isLessThan(ids.indexOf(first)).isNotNegative();
        assertThat(getJson("events?limit=1")).hasSize(1);
        Response bad = given().when().get("/q/bindery/events?limit=many").then().extract().response();
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.jsonPath().getString("detail")).contains("limit");
    }

    @Test
    void anEventPublishedThroughTheAdminEndpointReachesItsSubscriberAndTheRecentEvents() throws InterruptedException {
        String tally = UUID.randomUUID().toString();
        Response published = given().contentType("application/json").header("ce-type", "com.example.tally")
                .header("ce-subject", "admin").body("{\"id\":\"" + tally + "\",\"count\":7}")
                .when().post("/q/bindery/publish/default/tallies").then().extract().response();
        assertThat(published.statusCode()).isEqualTo(202);
        String eventId = published.jsonPath().getString("id");
        assertThat(published.header("ce-id")).isEqualTo(eventId);
        JsonNode delivered = recentEvent(eventId);
        assertThat(delivered.get("transport").asText()).isEqualTo("pubsub");
        assertThat(delivered.get("function").asText()).isEqualTo("tally");
        assertThat(delivered.get("type").asText()).isEqualTo("com.example.tally");
        assertThat(delivered.get("subject").asText()).isEqualTo("admin");
        assertThat(delivered.get("outcome").asText()).isEqualTo("success");
        // what the function saved, read through the state endpoint
        Response saved = given().when().get("/q/bindery/state/default/tally%2F" + tally).then().extract().response();
        assertThat(saved.statusCode()).as(saved.asString()).isEqualTo(200);
        assertThat(saved.header("ETag")).isNotEmpty();
        assertThat(saved.jsonPath().getInt("count")).isEqualTo(7);
    }

    @Test
    void publishingToAnUnknownComponentOrBadJsonIsAProblem() {
        Response unknown = given().contentType("application/json").body("{}")
                .when().post("/q/bindery/publish/nowhere/tallies").then().extract().response();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.jsonPath().getString("detail")).contains("'nowhere'");
        Response bad = given().contentType("application/json").body("{not json")
                .when().post("/q/bindery/publish/default/tallies").then().extract().response();
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.jsonPath().getString("detail")).startsWith("The request body is not JSON");
    }

    @Test
    void theInvokeActionRunsAFunctionThroughThePipelineAndAnswersAsTheIngress() throws InterruptedException {
        Response reply = given().contentType("application/json").body("{\"name\":\"Ada\"}").when()
                .post("/q/bindery/invoke/greet").then().extract().response();
        assertThat(reply.statusCode()).as(reply.asString()).isEqualTo(200);
        assertThat(reply.header("ce-type")).isEqualTo("greet.output");
        assertThat(reply.jsonPath().getString("message")).isEqualTo("Hello, Ada!");
        String id = reply.header("ce-id");
        assertThat(id).isNotBlank();

        Response typed = given().contentType("application/json").header("ce-type", "com.example.audit.get")
                .queryParam("ce-source", "/admin-test").body("{}").when().post("/q/bindery/invoke/getAudit").then()
                .extract().response();
        assertThat(typed.statusCode()).as(typed.asString()).isEqualTo(200);

        Response unknown = given().contentType("application/json").body("{}").when()
                .post("/q/bindery/invoke/no-such-function").then().extract().response();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.asString()).contains("no-such-function");

        Response bad = given().contentType("application/json").body("{not json").when()
                .post("/q/bindery/invoke/greet").then().extract().response();
        assertThat(bad.statusCode()).as(bad.asString()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");

        Await.until("the invocation among the recent events",
                () -> given().when().get("/q/bindery/events?limit=50").then().extract().jsonPath()
                        .getList("findAll { it.function == 'greet' && it.source == '/bindery/admin' }").size() > 0);
    }

    @Test
    void theConsolePageIsServedWithItsScriptAndStyle() {
        Response page = given().when().get("/q/bindery/console").then().extract().response();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(page.asString()).contains("console/console.js").contains("id=\"invoke-form\"");
        assertThat(given().when().get("/q/bindery/console/console.js").then().extract().contentType())
                .startsWith("text/javascript");
        assertThat(given().when().get("/q/bindery/console/console.css").then().extract().contentType())
                .startsWith("text/css");
    }

    @Test
    void stateIsWrittenReadAndDeletedWithETags() {
        String path = "/q/bindery/state/default/admin-" + UUID.randomUUID();
        Response put = given().contentType("application/json").body("{\"a\":1}").when().put(path).then().extract()
                .response();
        assertThat(put.statusCode()).isEqualTo(204);
        String etag = put.header("ETag");
        assertThat(etag).isNotEmpty();
        Response get = given().when().get(path).then().extract().response();
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.header("ETag")).isEqualTo(etag);
        assertThat(get.jsonPath().getInt("a")).isEqualTo(1);
        Response stale = given().contentType("application/json").header("If-Match", "not-" + etag).body("2")
                .when().put(path).then().extract().response();
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        Response bad = given().contentType("application/json").body("{oops").when().put(path).then().extract()
                .response();
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(given().when().delete(path).then().extract().statusCode()).isEqualTo(204);
        Response gone = given().when().get(path).then().extract().response();
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        Response unknown = given().when().get("/q/bindery/state/no-such-store/k").then().extract().response();
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.jsonPath().getString("detail")).contains("'no-such-store'");
    }

    @Test
    void theStreamSendsEachNewEventAsServerSentEvents() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(admin.toURI().resolve(
                "events/stream")).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/event-stream"));
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String id = greet();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            JsonNode received = null;
            while (received == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith("data: ") && line.contains(id)) {
                    received = JSON.readTree(line.substring("data: ".length()));
                }
            }
            assertThat(received).as("the stream's event for " + id).isNotNull();
            assertThat(received.get("function").asText()).isEqualTo("greet");
            assertThat(received.get("outcome").asText()).isEqualTo("success");
        } finally {
            response.body().close();
        }
    }

    @Test
    void noAnswerHoldsASecretValue() throws Exception {
        greet();
        // the nightly report signs with the secret: it ran by now
        recentNightlyReport();
        List<String> secrets = List.of(signingKey(), Files.readString(Path.of(
                "src/test/resources/secrets/cluster/report-signing/key")).strip());
        for (String path : List.of("functions", "bindings", "subscriptions", "stores", "events")) {
            String body = given().when().get("/q/bindery/" + path).then().statusCode(200).extract().asString();
            for (String secret : secrets) {
                assertThat(body).as(path).doesNotContain(secret);
            }
        }
    }

    private static void recentNightlyReport() throws InterruptedException {
        Await.until("a nightly report among the recent events", () -> getJson("events")
                .findValuesAsText("function").contains("nightlyReport"));
    }

    private static String signingKey() {
        try {
            return JSON.readTree(Path.of("secrets/local.json").toFile()).get("report-signing").get("key").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

}

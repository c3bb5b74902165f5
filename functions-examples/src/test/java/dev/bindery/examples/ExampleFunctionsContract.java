package dev.bindery.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;

import dev.bindery.testing.TestEvents;

/**
 * What the README promises of the example application, run against the application under test ({@code @QuarkusTest})
 * and against the packaged application started with {@code java -jar} ({@code PackagedAppIT}).
 */
abstract class ExampleFunctionsContract {

    protected CloudEventsHttp http;

    /** @return where the application listens */
    abstract URI baseUri();

    /** @return the directory of the {@code uploads} binding */
    abstract Path uploadsDir();

    /** @return the directory of the {@code reports} binding */
    abstract Path reportsDir();

    @BeforeEach
    void connect() {
        http = new CloudEventsHttp(baseUri());
    }

    @AfterEach
    void disconnect() {
        http.close();
    }

    static CloudEvent event(String type, String json) {
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(URI.create("/tests"))
                .withType(type).withData("application/json", json.getBytes(UTF_8)).build();
    }

    @Test
    void greetRepliesInBinaryMode() {
        HttpResponse<Buffer> response = http.binary(event("greet", "{\"name\":\"Ada\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        CloudEvent reply = CloudEventsHttp.reply(response);
        assertThat(reply.getType()).isEqualTo("greet.output");
        assertThat(reply.getSource()).isEqualTo(URI.create("greet"));
        assertThat(reply.getDataContentType()).isEqualTo("application/json");
        assertThat(new String(reply.getData().toBytes(), UTF_8)).isEqualTo("{\"message\":\"Hello, Ada!\"}");
    }

    @Test
    void greetRepliesInStructuredModeToAStructuredEvent() {
        HttpResponse<Buffer> response = http.structured(TestEvents.event("http/greet.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).startsWith("application/cloudevents+json");
        CloudEvent reply = CloudEventsHttp.reply(response);
        assertThat(reply.getType()).isEqualTo("greet.output");
        assertThat(new String(reply.getData().toBytes(), UTF_8)).isEqualTo("{\"message\":\"Hello, Ada!\"}");
    }

    @Test
    void plainJsonToTheFunctionPathGetsPlainJson() {
        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/greet", Map.of("content-type", "application/json"),
                Buffer.buffer("{\"name\":\"Grace\"}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).isEqualTo("application/json");
        assertThat(response.getHeader("ce-id")).isNull();
        assertThat(response.bodyAsString()).isEqualTo("{\"message\":\"Hello, Grace!\"}");
    }

    @Test
    void placeOrderAcceptsAValidOrder() {
        HttpResponse<Buffer> response = http.binary(TestEvents.event("http/order-placed.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        CloudEvent reply = CloudEventsHttp.reply(response);
        assertThat(reply.getType()).isEqualTo("com.example.order.accepted");
        assertThat(reply.getSubject()).isEqualTo("1001");
        assertThat(new String(reply.getData().toBytes(), UTF_8))
                .isEqualTo("{\"id\":\"1001\",\"item\":\"teapot\",\"quantity\":2}");
    }

    @Test
    void placeOrderRejectsAZeroQuantityWithANonRetried422() {
        HttpResponse<Buffer> response = http.binary(event("com.example.order.placed",
                "{\"id\":\"7\",\"item\":\"teapot\",\"quantity\":0}"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
        assertThat(CloudEventsHttp.json(response)).containsEntry("function", "placeOrder")
                .containsEntry("type", "https://bindery.dev/problems/event-rejected");
        assertThat((String) CloudEventsHttp.json(response).get("detail"))
                .contains("The quantity must be greater than 0, was 0");
    }

    @Test
    void placingTheSameOrderTwiceKeepsTheFirstAndRepliesWithIt() {
        String id = UUID.randomUUID().toString();
        HttpResponse<Buffer> first = http.binary(event("com.example.order.placed",
                "{\"id\":\"" + id + "\",\"item\":\"teapot\",\"quantity\":2}"));
        HttpResponse<Buffer> again = http.binary(event("com.example.order.placed",
                "{\"id\":\"" + id + "\",\"item\":\"kettle\",\"quantity\":9}"));

        String stored = "{\"id\":\"" + id + "\",\"item\":\"teapot\",\"quantity\":2}";
        assertThat(new String(CloudEventsHttp.reply(first).getData().toBytes(), UTF_8)).isEqualTo(stored);
        assertThat(new String(CloudEventsHttp.reply(again).getData().toBytes(), UTF_8)).isEqualTo(stored);

        HttpResponse<Buffer> got = http.binary(event("com.example.order.get", "{\"id\":\"" + id + "\"}"));
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(CloudEventsHttp.reply(got).getType()).isEqualTo("com.example.order");
        assertThat(new String(CloudEventsHttp.reply(got).getData().toBytes(), UTF_8)).isEqualTo(stored);
    }

    @Test
    void anAcceptedOrderIsPublishedAndAuditedBySubscription() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        assertThat(http.binary(event("com.example.order.placed",
                "{\"id\":\"" + id + "\",\"item\":\"teapot\",\"quantity\":1}")).statusCode()).isEqualTo(200);

        long deadline = System.currentTimeMillis() + 30_000;
        String audit = "";
        while (!audit.contains(id) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
            HttpResponse<Buffer> response = http.binary(event("com.example.audit.get", "{}"));
            assertThat(response.statusCode()).isEqualTo(200);
            audit = new String(CloudEventsHttp.reply(response).getData().toBytes(), UTF_8);
        }
        assertThat(audit).contains("{\"orderId\":\"" + id + "\",\"eventId\":\"");
    }

    @Test
    void aNewUploadIsRecordedWithItsMetadata() throws Exception {
        String key = "scans/" + UUID.randomUUID() + " été.txt";
        Files.createDirectories(uploadsDir().resolve("scans"));
        Files.writeString(uploadsDir().resolve(key), "hello");

        long deadline = System.currentTimeMillis() + 30_000;
        String uploads = "";
        while (!uploads.contains(key) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            HttpResponse<Buffer> response = http.binary(event("com.example.uploads.get", "{}"));
            assertThat(response.statusCode()).isEqualTo(200);
            uploads = new String(CloudEventsHttp.reply(response).getData().toBytes(), UTF_8);
        }
        assertThat(uploads).contains("\"key\":\"" + key + "\",\"size\":5");
        assertThat(uploadsDir().resolve(key)).as("objects are left where they are").exists();
    }

    @Test
    void theNightlyReportSummarisesTheOrdersThroughTheOutputBinding() throws Exception {
        String item = "kettle-" + UUID.randomUUID();
        assertThat(http.binary(event("com.example.order.placed",
                "{\"item\":\"" + item + "\",\"quantity\":3}")).statusCode()).isEqualTo(200);

        long deadline = System.currentTimeMillis() + 30_000;
        boolean reported = false;
        while (!reported && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            if (Files.isDirectory(reportsDir())) {
                try (Stream<Path> reports = Files.list(reportsDir())) {
                    for (Path report : reports.toList()) {
                        reported |= Files.readString(report).contains("\"" + item + "\":3");
                    }
                }
            }
        }
        assertThat(reported).as("a report in " + reportsDir() + " counts the order").isTrue();
    }

    @Test
    void gettingAnOrderNobodyPlacedIs404() {
        HttpResponse<Buffer> response = http.binary(event("com.example.order.get", "{\"id\":\"no-such-order\"}"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(CloudEventsHttp.json(response)).containsEntry("type", "https://bindery.dev/problems/not-found")
                .containsEntry("detail", "No order has id 'no-such-order'");
    }

    @Test
    void concurrentVisitsNeverLoseACount() throws Exception {
        String page = "/page-" + UUID.randomUUID();
        int visits = 48;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < visits; i++) {
                replies.add(pool.submit(() -> http.raw(HttpMethod.POST, "/countVisit",
                        Map.of("content-type", "application/json"), Buffer.buffer("{\"page\":\"" + page + "\"}"))
                        .statusCode()));
            }
            for (java.util.concurrent.Future<Integer> reply : replies) {
                assertThat(reply.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<Buffer> last = http.raw(HttpMethod.POST, "/countVisit", Map.of("content-type", "application/json"),
                Buffer.buffer("{\"page\":\"" + page + "\"}"));
        assertThat(last.bodyAsString()).isEqualTo("{\"page\":\"" + page + "\",\"count\":" + (visits + 1) + "}");
    }

    @Test
    void concurrentAddsToOneCartAllLandInItThroughTheCartActor() throws Exception {
        String user = "u-" + UUID.randomUUID();
        int adds = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < adds; i++) {
                replies.add(pool.submit(() -> http.raw(HttpMethod.POST, "/addToCart",
                        Map.of("content-type", "application/json"),
                        Buffer.buffer("{\"user\":\"" + user + "\",\"sku\":\"book-1\",\"quantity\":1}"))
                        .statusCode()));
            }
            for (Future<Integer> reply : replies) {
                assertThat(reply.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        HttpResponse<Buffer> contents = http.binary(cartCall(user, "contents", "{}"));
        assertThat(contents.statusCode()).isEqualTo(200);
        assertThat(CloudEventsHttp.json(contents)).containsEntry("totalQuantity", adds)
                .containsEntry("user", user);
    }

    @Test
    void aCartLeftAloneIsEmptiedByItsReminder() throws Exception {
        String user = "u-" + UUID.randomUUID();
        HttpResponse<Buffer> added = http.raw(HttpMethod.POST, "/addToCart", Map.of("content-type",
                "application/json"), Buffer.buffer("{\"user\":\"" + user + "\",\"sku\":\"pen\",\"quantity\":3}"));
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.bodyAsString()).contains("\"totalQuantity\":3");

        // the test profiles expire a cart after 1 s
        long deadline = System.currentTimeMillis() + 15_000;
        Object total;
        do {
            Thread.sleep(200);
            total = CloudEventsHttp.json(http.binary(cartCall(user, "contents", "{}")))
                    .get("totalQuantity");
        } while (!Integer.valueOf(0).equals(total) && System.currentTimeMillis() < deadline);
        assertThat(total).isEqualTo(0);
    }

    @Test
    void aBadItemIsRejectedByTheCartWithANonRetried422() {
        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/addToCart", Map.of("content-type",
                "application/json"), Buffer.buffer("{\"user\":\"u-1\",\"sku\":\"pen\",\"quantity\":0}"));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat((String) CloudEventsHttp.json(response).get("detail")).contains("Give the item");
    }

    /** An event for a method of a user's Cart actor: the actor extensions name it, whatever the event's type. */
    static CloudEvent cartCall(String user, String method, String json) {
        return CloudEventBuilder.v1(event("cart.call", json)).withExtension("actortype", "Cart")
                .withExtension("actorid", user).withExtension("actormethod", method).build();
    }

    @Test
    void aFailingFunctionAnswers500SoTheSenderRetries() {
        HttpResponse<Buffer> response = http.binary(event("checkStock", "{\"item\":\"teapot\",\"failWith\":\"db down\"}"));

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
        assertThat((String) CloudEventsHttp.json(response).get("detail")).contains("db down");

        HttpResponse<Buffer> fine = http.binary(event("checkStock", "{\"item\":\"teapot\"}"));
        assertThat(fine.statusCode()).isEqualTo(200);
        assertThat(new String(CloudEventsHttp.reply(fine).getData().toBytes(), UTF_8))
                .isEqualTo("{\"item\":\"teapot\",\"available\":6}");
    }

    @Test
    void anUrgentProductionAlertPagesTheOnCallThroughItsCesqlFilter() {
        HttpResponse<Buffer> response = http.binary(TestEvents.event("http/alert-critical-prod.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        CloudEvent reply = CloudEventsHttp.reply(response);
        assertThat(reply.getType()).isEqualTo("com.example.page");
        assertThat(new String(reply.getData().toBytes(), UTF_8)).isEqualTo(
                "{\"service\":\"checkout\",\"summary\":\"checkout errors above 5%\",\"severity\":\"critical\"}");
    }

    @Test
    void alertsTheCesqlFilterRefusesReachNoFunction() {
        for (String refused : List.of("http/alert-low-prod.json", "http/alert-critical-staging.json",
                "http/alert-without-severity.json")) {
            HttpResponse<Buffer> response = http.binary(TestEvents.event(refused));

            assertThat(response.statusCode()).as(refused).isEqualTo(404);
            assertThat(CloudEventsHttp.json(response)).as(refused).containsEntry("type",
                    "https://bindery.dev/problems/no-matching-function");
        }
    }

    @Test
    void anEventNoFunctionWantsAnswers404() {
        HttpResponse<Buffer> response = http.binary(event("com.example.unknown", "{}"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(CloudEventsHttp.json(response)).containsEntry("type",
                "https://bindery.dev/problems/no-matching-function");
    }

    @Test
    void healthAndMetricsAreServed() throws InterruptedException {
        http.binary(event("greet", "{\"name\":\"Ada\"}"));

        // stores the bindings use (objects seen) open in the background; readiness waits for them
        HttpResponse<Buffer> ready = http.raw(HttpMethod.GET, "/q/health/ready", Map.of(), null);
        long deadline = System.currentTimeMillis() + 30_000;
        while (ready.statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            ready = http.raw(HttpMethod.GET, "/q/health/ready", Map.of(), null);
        }
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsString()).contains("bindery-functions", "greet", "placeOrder", "checkStock",
                "bindery-state", "bindery-subscriptions", "bindery-bindings");
        assertThat(http.raw(HttpMethod.GET, "/q/health/live", Map.of(), null).statusCode()).isEqualTo(200);

        String metrics = http.raw(HttpMethod.GET, "/q/metrics", Map.of(), null).bodyAsString();
        assertThat(metrics).containsPattern("bindery_function_invocations_total\\{function=\"greet\",outcome=\"success\"} "
                + "[1-9]");
        assertThat(metrics).contains("bindery_function_duration_seconds_count{function=\"greet\",outcome=\"success\"}");
    }

    @Test
    void everyBuildingBlockReportsItsMetrics() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        String order = "{\"id\":\"" + id + "\",\"item\":\"teapot\",\"quantity\":1}";
        assertThat(http.binary(event("com.example.order.placed", order)).statusCode()).isEqualTo(200);
        // the same order again: its first-write-wins transaction (the save and the outbox publish) is a state conflict
        assertThat(http.binary(event("com.example.order.placed", order)).statusCode()).isEqualTo(200);

        long deadline = System.currentTimeMillis() + 30_000;
        String metrics = "";
        while (System.currentTimeMillis() < deadline) {
            metrics = http.raw(HttpMethod.GET, "/q/metrics", Map.of(), null).bodyAsString();
            if (metric(metrics, "bindery_subscription_acknowledged_total", "group=\"bindery-examples\",pubsub=\"default\","
                    + "topic=\"orders\"") >= 1 && metric(metrics, "bindery_binding_acknowledged_total",
                            "binding=\"nightly\"") >= 1) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(metric(metrics, "bindery_function_invocations_total", "function=\"placeOrder\",outcome=\"success\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(metric(metrics, "bindery_state_operations_seconds_count", "operation=\"transaction\",outcome=\"success\","
                + "store=\"orders\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "bindery_state_operations_seconds_count", "operation=\"transaction\",outcome=\"conflict\","
                + "store=\"orders\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("bindery_state_operations_seconds_bucket{operation=\"transaction\",outcome=\"success\","
                + "store=\"orders\",le=");
        assertThat(metric(metrics, "bindery_publish_seconds_count", "outcome=\"success\",pubsub=\"default\","
                + "topic=\"orders\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "bindery_outbox_relayed_total", "store=\"orders\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("bindery_outbox_pending ");
        String subscription = "group=\"bindery-examples\",pubsub=\"default\",topic=\"orders\"";
        assertThat(metric(metrics, "bindery_subscription_received_total", subscription)).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "bindery_subscription_acknowledged_total", subscription)).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "bindery_subscription_dead_lettered_total", subscription)).isZero();
        assertThat(metric(metrics, "bindery_subscription_lag", subscription)).isGreaterThanOrEqualTo(0);
        // the test profile's nightly binding fires every second
        assertThat(metric(metrics, "bindery_binding_received_total", "binding=\"nightly\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics, "bindery_binding_acknowledged_total", "binding=\"nightly\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("bindery_binding_retried_total{binding=\"uploads\"}",
                "bindery_binding_dead_lettered_total{binding=\"uploads\"}");
    }

    /** @return the sample's value, or -1 when the metrics have no such sample */
    static double metric(String metrics, String name, String labels) {
        java.util.regex.Matcher sample = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name
                + "{" + labels + "}") + " (\\S+)").matcher(metrics);
        return sample.find() ? Double.parseDouble(sample.group(1)) : -1;
    }
}

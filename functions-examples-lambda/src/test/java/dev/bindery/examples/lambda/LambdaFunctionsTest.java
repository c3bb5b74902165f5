package dev.bindery.examples.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.testing.TestEvents;

/**
 * The example functions in the Lambda package, invoked through a real Lambda runtime loop: Quarkus' mock Lambda event
 * server plays the Runtime API, and each sample AWS event is posted to it.
 */
@QuarkusTest
class LambdaFunctionsTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode invoke(String sample) throws Exception {
        String response = given().contentType("application/json").body(TestEvents.bytes("aws/" + sample))
                .when().post().then().statusCode(200).extract().asString();
        return MAPPER.readTree(response);
    }

    @Test
    void httpApiEventsReachGreetWithTheHttpStatusCodes() throws Exception {
        JsonNode binary = invoke("apigw-v2-binary.json");
        assertThat(binary.path("statusCode").asInt()).isEqualTo(200);
        assertThat(binary.path("headers").path("ce-type").asText()).isEqualTo("greet.output");
        assertThat(binary.path("body").asText()).isEqualTo("{\"message\":\"Hello, Ada!\"}");

        JsonNode plain = invoke("apigw-v2-plain.json");
        assertThat(plain.path("body").asText()).isEqualTo("{\"message\":\"Hello, Grace!\"}");

        JsonNode invalid = invoke("apigw-v1-invalid.json");
        assertThat(invalid.path("statusCode").asInt()).isEqualTo(400);
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void everyInvocationIsASpanAndAnEventsTraceparentIsContinued() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().contentType("application/json").body("{\"specversion\":\"1.0\",\"id\":\"traced-1\","
                + "\"source\":\"/tests\",\"type\":\"greet\",\"traceparent\":\"00-" + traceId
                + "-00f067aa0ba902b7-01\",\"datacontenttype\":\"application/json\",\"data\":{\"name\":\"Ada\"}}")
                .when().post().then().statusCode(200);
        invoke("apigw-v2-binary.json");

        // spans reach the exporter through a batch processor (every 5 s by default)
        long deadline = System.currentTimeMillis() + 20_000;
        while ((spans.getFinishedSpanItems().stream().noneMatch(s -> s.getTraceId().equals(traceId))
                || spans.getFinishedSpanItems().stream().noneMatch(s -> s.getName().equals("greet")
                        && !s.getTraceId().equals(traceId)))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        List<SpanData> greets = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("greet")).toList();
        assertThat(greets).allMatch(s -> s.getKind() == SpanKind.CONSUMER).hasSizeGreaterThanOrEqualTo(2);
        assertThat(greets).as("the CloudEvent's trace continues")
                .anyMatch(s -> s.getTraceId().equals(traceId) && s.getParentSpanId().equals("00f067aa0ba902b7"));
        assertThat(greets).as("an API Gateway event without trace context starts one")
                .anyMatch(s -> !s.getTraceId().equals(traceId) && !s.getParentSpanContext().isValid());
    }

    @Test
    void anS3NotificationIsRecordedByIngestUpload() throws Exception {
        invoke("s3-object-created.json");

        String uploads = invoke("direct-get-uploads.json").toString();
        assertThat(uploads).contains("invoices/2026/my invoice été ✓.pdf", "plain.csv");
    }

    @Test
    void aScheduleRunsTheNightlyReport() throws Exception {
        invoke("schedule-rule.json");

        Path reports = Path.of("target/test-data/reports");
        try (Stream<Path> files = Files.list(reports)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).contains(
                    "orders-2026-11-26T02-00-00.json");
        }
        assertThat(Files.readString(reports.resolve("orders-2026-11-26T02-00-00.json"), StandardCharsets.UTF_8))
                .contains("\"orders\":");
    }

    @Test
    void anEventBridgeOrderIsPlacedAndAnSnsNotificationGreets() throws Exception {
        invoke("eventbridge.json");
        String order = given().contentType("application/json")
                .body("{\"function\":\"getOrder\",\"data\":{\"id\":\"o-1\"}}").when().post().then()
                .statusCode(200).extract().asString();
        assertThat(order).contains("\"item\":\"teapot\"", "\"quantity\":2");

        JsonNode greeting = invoke("sns.json");
        assertThat(greeting.path("data").path("message").asText()).isEqualTo("Hello, Ada!");
    }

    @Test
    void anMskRecordOfTopicOrdersReachesItsSubscriberAuditOrder() throws Exception {
        JsonNode answer = invoke("msk-orders.json");

        assertThat(answer.path("batchItemFailures")).isEmpty();
        String audit = given().contentType("application/json").body("{\"function\":\"getAudit\"}").when().post()
                .then().statusCode(200).extract().asString();
        assertThat(audit).contains("\"orderId\":\"o-msk-1\"", "\"eventId\":\"msk-accepted-1\"");
    }

    @Test
    void anSqsBatchWithAFailingRecordAnswersBatchItemFailures() throws Exception {
        JsonNode response = invoke("sqs-checkstock.json");

        assertThat(response.path("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly("stock-2");
    }
}

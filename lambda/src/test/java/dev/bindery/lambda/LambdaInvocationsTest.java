package dev.bindery.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.binding.CronTick;
import dev.bindery.binding.StoredObject;
import dev.bindery.lambda.internal.LambdaInvocations;
import dev.bindery.lambda.internal.Routing;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.testing.TestEvents;

/**
 * Every AWS event shape, from the sample events under {@code events/aws/}, through the Lambda adapter to a dispatcher
 * that plays a {@code greet} function: data containing {@code "fail"} makes it throw, and only type {@code greet}
 * has a function (unless a source is routed to a named one).
 */
class LambdaInvocationsTest {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    final List<CloudEvent> received = new ArrayList<>();
    final List<String> calledFunctions = new ArrayList<>();

    final Dispatcher greet = request -> {
        CloudEvent event = request.event();
        String function;
        if (request.target() instanceof DispatchRequest.Function named) {
            function = named.name();
        } else if (event.getType().equals("greet")) {
            function = "greet";
        } else {
            return CompletableFuture.completedFuture(new Outcome.NotFound(null, "No function matches type "
                    + event.getType()));
        }
        received.add(event);
        calledFunctions.add(function);
        String data = event.getData() == null ? "" : new String(event.getData().toBytes(), StandardCharsets.UTF_8);
        if (data.contains("fail")) {
            return CompletableFuture.completedFuture(new Outcome.Failed(function, "Function '" + function
                    + "' failed: asked to fail", new IllegalStateException("asked to fail")));
        }
        try {
            JsonNode in = MAPPER.readTree(data.isEmpty() ? "{}" : data);
            byte[] out = MAPPER.writeValueAsBytes(Map.of("message", "Hello, " + in.path("name").asText() + "!"));
            return CompletableFuture.completedFuture(new Outcome.Replied(function, CloudEventBuilder.v1().withId("r-"
                    + event.getId()).withSource(java.net.URI.create(function)).withType(function + ".output")
                    .withData("application/json", out).build()));
        } catch (Exception e) {
            return CompletableFuture.completedFuture(new Outcome.Rejected(function, e.getMessage(), "data", e));
        }
    };

    LambdaInvocations lambda(Map<String, String> routing) {
        return new LambdaInvocations(greet, MAPPER, new Routing(routing));
    }

    JsonNode invoke(String sample) throws Exception {
        return invoke(sample, Map.of());
    }

    JsonNode invoke(String sample, Map<String, String> routing) throws Exception {
        return MAPPER.readTree(lambda(routing).handle(TestEvents.bytes("aws/" + sample)));
    }

    @Test
    void httpApiBinaryCloudEventGetsABinaryReply() throws Exception {
        JsonNode response = invoke("apigw-v2-binary.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("headers").path("ce-type").asText()).isEqualTo("greet.output");
        assertThat(response.path("headers").path("ce-id").asText()).isEqualTo("r-apigw-1");
        assertThat(response.path("body").asText()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
        assertThat(received.get(0).getSource().toString()).isEqualTo("/tests/apigw");
    }

    @Test
    void restApiStructuredCloudEventGetsAStructuredReply() throws Exception {
        JsonNode response = invoke("apigw-v1-structured.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("headers").path("content-type").asText()).isEqualTo("application/cloudevents+json");
        JsonNode reply = MAPPER.readTree(response.path("body").asText());
        assertThat(reply.path("type").asText()).isEqualTo("greet.output");
        assertThat(reply.path("data").path("message").asText()).isEqualTo("Hello, Ada!");
    }

    @Test
    void plainJsonToAFunctionPathIsAnsweredWithPlainJson() throws Exception {
        JsonNode response = invoke("apigw-v2-plain.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("body").asText()).isEqualTo("{\"message\":\"Hello, Grace!\"}");
        assertThat(calledFunctions).containsExactly("greet");
    }

    @Test
    void aMalformedCloudEventIs400NamingTheAttribute() throws Exception {
        JsonNode response = invoke("apigw-v1-invalid.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(response.path("headers").path("content-type").asText()).isEqualTo("application/problem+json");
        JsonNode problem = MAPPER.readTree(response.path("body").asText());
        assertThat(problem.path("type").asText()).isEqualTo("https://bindery.dev/problems/invalid-event");
        assertThat(problem.path("attribute").asText()).isEqualTo("id");
        assertThat(received).isEmpty();
    }

    @Test
    void sqsBatchReportsTheFailedAndTheUnreadableRecords() throws Exception {
        JsonNode response = invoke("sqs-batch.json", Map.of("sqs.function", "greet"));

        assertThat(response.path("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly(
                "2e1424d4-f796-459a-8184-9c92662be6da", "c3d1a1b5-2e3f-4a6b-8c9d-0e1f2a3b4c5d");
        assertThat(received).hasSize(3);
        CloudEvent first = received.get(0);
        assertThat(first.getType()).isEqualTo("dev.bindery.queue.message");
        assertThat(first.getId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
        assertThat(first.getSource().toString()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:greetings");
        assertThat(first.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-26T09:15:30.123Z"));
        assertThat(received.get(1).getExtension("deliverycount")).isEqualTo(2);
    }

    @Test
    void withADeadLetterSinkAnUnreadableRecordIsDeadLetteredAndAcknowledgedWhileAFailureIsStillRetried()
            throws Exception {
        List<CloudEvent> letters = new ArrayList<>();
        LambdaInvocations lambda = new LambdaInvocations(greet, MAPPER, new Routing(Map.of("sqs.function", "greet")),
                letters::add);

        JsonNode response = MAPPER.readTree(lambda.handle(TestEvents.bytes("aws/sqs-batch.json")));

        List<String> failed = response.path("batchItemFailures").findValuesAsText("itemIdentifier");
        assertThat(failed).as("only the retryable failure stays with SQS").hasSize(1);
        assertThat(letters).hasSize(1);
        CloudEvent letter = letters.get(0);
        assertThat(letter.getType()).isEqualTo(DeadLetters.UNREADABLE_TYPE);
        assertThat(String.valueOf(letter.getExtension(DeadLetters.ORIGIN))).startsWith("lambda:sqs#")
                .doesNotEndWith(failed.get(0));
        assertThat(String.valueOf(letter.getExtension(DeadLetters.REASON))).contains("could not be read");
        assertThat(MAPPER.readTree(letter.getData().toBytes()).path("messageId").asText())
                .as("the record as it came").isNotEmpty();
    }

    @Test
    void aDeadLetterTheSinkRefusesLeavesTheRecordWithItsSource() throws Exception {
        LambdaInvocations lambda = new LambdaInvocations(greet, MAPPER, new Routing(Map.of("sqs.function", "greet")),
                letter -> {
                    throw new IllegalStateException("the dead-letter queue is unreachable");
                });

        JsonNode response = MAPPER.readTree(lambda.handle(TestEvents.bytes("aws/sqs-batch.json")));

        assertThat(response.path("batchItemFailures").findValuesAsText("itemIdentifier")).hasSize(2);
    }

    @Test
    void aFifoQueueStopsAtTheFirstFailureAndReportsTheRest() throws Exception {
        JsonNode response = invoke("sqs-fifo.json", Map.of("sqs.function", "greet"));

        assertThat(response.path("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly(
                "22d6ee51-4cc7-4302-9e22-7cd8afdaadf6", "33d6ee51-4cc7-4302-9e22-7cd8afdaadf7");
        assertThat(received).hasSize(2);
    }

    @Test
    void kinesisAndDynamoDbReportFailuresBySequenceNumberAndReadFractionalEpochSeconds() throws Exception {
        JsonNode kinesis = invoke("kinesis.json", Map.of("kinesis.function", "greet"));
        assertThat(kinesis.path("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly(
                "49590338271490256608559692540925702759324208523137515618");
        assertThat(received.get(0).getTime().toInstant()).isEqualTo(Instant.parse("2026-11-26T09:15:30.123Z"));
        assertThat(new String(received.get(0).getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"name\":\"Ada\"}");
        assertThat(received.get(0).getExtension("partitionkey")).isEqualTo("orders-1");

        received.clear();
        JsonNode dynamo = invoke("dynamodb.json", Map.of("dynamodb.function", "greet"));
        assertThat(dynamo.path("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly(
                "4421584500000000017450439092");
        assertThat(received.get(0).getType()).isEqualTo("dev.bindery.dynamodb.change");
        assertThat(received.get(0).getTime().toInstant()).isEqualTo(Instant.parse("2026-11-26T09:15:30.250Z"));
        assertThat(MAPPER.readTree(received.get(0).getData().toBytes()).path("newImage").path("Message")
                .path("S").asText()).isEqualTo("New item!");
    }

    @Test
    void snsKeepsItsTimestampAndSubject() throws Exception {
        invoke("sns.json", Map.of("sns.function", "greet"));

        CloudEvent event = received.get(0);
        assertThat(event.getType()).isEqualTo("dev.bindery.sns.notification");
        assertThat(event.getTime()).isEqualTo(OffsetDateTime.parse("2026-11-26T09:15:30.123Z"));
        assertThat(event.getSubject()).isEqualTo("greeting");
        assertThat(event.getId()).isEqualTo("95df01b4-ee98-5cb9-9903-4c221d41eb5e");
    }

    @Test
    void s3NotificationsGiveDecodedKeysAndSkipRemovals() throws Exception {
        invoke("s3-object-created.json", Map.of("s3.function", "ingestUpload"));

        assertThat(received).hasSize(2);
        StoredObject object = MAPPER.readValue(received.get(0).getData().toBytes(), StoredObject.class);
        assertThat(object.key()).isEqualTo("invoices/2026/my invoice été ✓.pdf");
        assertThat(object.bucket()).isEqualTo("bindery-uploads");
        assertThat(received.get(0).getType()).isEqualTo("dev.bindery.s3.object.created");
        assertThat(calledFunctions).containsOnly("ingestUpload");
    }

    @Test
    void bothScheduleShapesBecomeCronTicks() throws Exception {
        invoke("schedule-rule.json", Map.of("schedule.function", "nightlyReport"));
        invoke("schedule-scheduler.json", Map.of("schedule.function", "nightlyReport"));

        for (CloudEvent event : received) {
            assertThat(event.getType()).isEqualTo("dev.bindery.cron.tick");
            CronTick tick = MAPPER.readValue(event.getData().toBytes(), CronTick.class);
            assertThat(tick.binding()).isEqualTo("nightly-report");
            assertThat(tick.scheduledFireTime()).isEqualTo(Instant.parse("2026-11-26T02:00:00Z"));
        }
        assertThat(received).hasSize(2);
    }

    @Test
    void eventBridgeEventsAreTypedByDetailTypeUnlessConfigured() throws Exception {
        assertThatThrownBy(() -> invoke("eventbridge.json")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("type Order Placed").hasMessageContaining("No function matches");

        invoke("eventbridge.json", Map.of("eventbridge.type", "greet"));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).getSource().toString()).isEqualTo("com.example.shop");
        assertThat(MAPPER.readTree(received.get(0).getData().toBytes()).path("item").asText()).isEqualTo("teapot");
    }

    @Test
    void rawCloudEventsDirectInvocationsAndPipesBatches() throws Exception {
        JsonNode reply = invoke("cloudevent.json");
        assertThat(reply.path("type").asText()).isEqualTo("greet.output");

        JsonNode direct = invoke("direct.json");
        assertThat(direct.path("message").asText()).isEqualTo("Hello, Ada!");

        received.clear();
        invoke("pipes-cloudevents.json");
        assertThat(received).extracting(CloudEvent::getId).containsExactly("pipe-1", "pipe-2");
    }

    /**
     * A direct invocation is read without a tree when it holds only {@code function} and {@code data}, and through the
     * tree otherwise: either way the function gets the data as it was sent (multi-byte characters, escapes, any JSON
     * value), typed and sourced alike.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"function\":\"greet\",\"data\":{\"name\":\"Ada\"}}",
            "{\"data\":{\"name\":\"Ada\"},\"function\":\"greet\"}",
            " \n{ \"function\" : \"greet\" ,\n \"data\" : { \"name\" : \"Zoë \\u00e9\\\"x\\\" 名\", \"n\": [1, 2.5, true, null] } } \n",
            "{\"function\":\"greet\",\"data\":\"Grüße \\\"quoted\\\"\"}",
            "{\"function\":\"greet\",\"data\":-12.5e3}",
            "{\"function\":\"greet\",\"data\":[{\"a\":[]},\"b\"]}",
            "{\"function\":\"greet\",\"data\":false}",
            "{\"function\":\"greet\",\"data\":{\"name\":\"Ada\"},\"note\":\"read as a tree\"}",
            "{\"function\":\"greet\",\"data\":{\"name\":\"first\"},\"data\":{\"name\":\"Ada\"}}"})
    void aDirectInvocationCarriesItsDataAsSent(String input) throws Exception {
        lambda(Map.of()).handle(input.getBytes(StandardCharsets.UTF_8));

        CloudEvent event = received.get(0);
        assertThat(calledFunctions).containsExactly("greet");
        assertThat(event.getType()).isEqualTo("greet");
        assertThat(event.getSource().toString()).isEqualTo("/lambda");
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        // a duplicate field is read as the tree reads it: the last one wins
        assertThat(MAPPER.readTree(event.getData().toBytes())).isEqualTo(MAPPER.readTree(input).get("data"));
    }

    /** Jackson reads UTF-16 too, with a parser that counts characters, not bytes: such input is read as a tree. */
    @Test
    void aDirectInvocationInUtf16KeepsItsData() throws Exception {
        String input = "{\"function\":\"greet\",\"data\":{\"name\":\"Zoë\"}}";

        lambda(Map.of()).handle(input.getBytes(StandardCharsets.UTF_16BE));

        assertThat(calledFunctions).containsExactly("greet");
        assertThat(MAPPER.readTree(received.get(0).getData().toBytes()).path("name").asText()).isEqualTo("Zoë");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"function\":\"greet\"}", "{\"function\":\"greet\",\"data\":null}",
            "{\"data\":null,\"function\":\"greet\"}"})
    void aDirectInvocationWithoutDataHasNone(String input) {
        lambda(Map.of()).handle(input.getBytes(StandardCharsets.UTF_8));

        assertThat(calledFunctions).containsExactly("greet");
        assertThat(received.get(0).getData()).isNull();
    }

    @Test
    void aTruncatedDirectInvocationIsNotJson() {
        assertThatThrownBy(() -> lambda(Map.of()).handle("{\"function\":\"greet\",\"data\":{\"name\""
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON");
        assertThat(received).isEmpty();
    }

    @Test
    void anUnknownShapeIsAClearErrorNamingWhatWasSeen() {
        assertThatThrownBy(() -> invoke("unknown.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unrecognized Lambda event with top-level fields [hello, answer]");
        assertThatThrownBy(() -> lambda(Map.of()).handle("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
    }
}

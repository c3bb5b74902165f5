package dev.bindery.spi.support;

import static dev.bindery.internal.invoke.SampleFunctions.function;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.invoke.SampleFunctions;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.testing.TestEvents;

/**
 * The HTTP contract, without a server: requests read with the CloudEvents SDK's plain HTTP binding, dispatched to the
 * sample functions, answered with a status and a problem body.
 */
class HttpExchangeTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper events = new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());
    private final HttpExchange exchange = new HttpExchange(new FunctionDispatcher(List.of(
            function("accept", "accept").filters(List.of(EventFilter.typeEquals("com.example.order.placed"))).build(),
            function("greet", "describe").build(),
            function("shout", "shout").build(),
            function("sink", "sink").build(),
            function("forward", "forward").build(),
            function("fails", "fails").build(),
            function("lookup", "lookup").build(),
            function("unserializable", "unserializable").build()), json, Map.of(), List.of(new CallerCheck())),
            json, DispatchRequest.HTTP);

    /** Denies events whose {@code caller} extension is {@code anonymous} (401) or {@code intruder} (403). */
    private static final class CallerCheck implements Stage {
        @Override
        public int order() {
            return SECURITY;
        }

        @Override
        public CompletionStage<Outcome> apply(Dispatch dispatch, Chain next) {
            Object caller = dispatch.event().getExtension("caller");
            if ("anonymous".equals(caller) || "intruder".equals(caller)) {
                return CompletableFuture.completedFuture(new Outcome.Denied(dispatch.function(), caller + " may not "
                        + "call " + dispatch.function(), "anonymous".equals(caller)));
            }
            return next.proceed(dispatch);
        }
    }

    /** A request as a server received it; the reader is the CloudEvents SDK's for plain HTTP. */
    record Request(String method, String path, String function, Map<String, String> headers, byte[] body)
            implements
                HttpExchange.Request {

        @Override
        public String header(String name) {
            return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        @Override
        public boolean hasCloudEventHeaders() {
            return headers.keySet().stream().anyMatch(name -> name.regionMatches(true, 0, "ce-", 0, 3));
        }

        @Override
        public MessageReader reader() {
            return HttpMessageFactory.createReader(headers, body);
        }
    }

    private static Request post(String function, Map<String, String> headers, byte[] body) {
        return new Request("POST", function == null ? "/" : "/" + function, function, headers, body);
    }

    /** @return the event posted in binary mode, written by the CloudEvents SDK, with extra headers */
    private static Request binary(CloudEvent event, String... extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        byte[][] body = {new byte[0]};
        HttpMessageFactory.createWriter(headers::put, bytes -> body[0] = bytes == null ? new byte[0] : bytes)
                .writeBinary(event);
        for (int i = 0; i < extraHeaders.length; i += 2) {
            headers.put(extraHeaders[i], extraHeaders[i + 1]);
        }
        return post(null, headers, body[0]);
    }

    private static Request structured(byte[] body) {
        return post(null, Map.of("Content-Type", HttpExchange.STRUCTURED), body);
    }

    private static Request batch(byte[] body) {
        return post(null, Map.of("content-type", HttpExchange.BATCH), body);
    }

    private static CloudEvent event(String type, String data) {
        return CloudEventBuilder.v1().withId("h-1").withSource(URI.create("/tests")).withType(type)
                .withData("text/plain", data.getBytes(UTF_8)).build();
    }

    private HttpExchange.Answer answer(Request request) {
        return exchange.handle(request).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** @return the problem body, after checking the status and the content type */
    private Map<String, Object> problem(HttpExchange.Answer answer, int status) throws IOException {
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo(HttpProblem.CONTENT_TYPE);
        assertThat(answer.event()).isNull();
        Map<String, Object> problem = json.readValue(answer.body(), new TypeReference<Map<String, Object>>() {
        });
        assertThat(problem).containsEntry("status", status).containsKeys("type", "title", "detail");
        return problem;
    }

    private static String data(CloudEvent event) {
        return new String(event.getData().toBytes(), UTF_8);
    }

    @Test
    void aBinaryEventWithAReplyIsAnswered200WithTheReplyEventInBinaryMode() {
        HttpExchange.Answer answer = answer(binary(TestEvents.event("http/order-placed.json")));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.structured()).isFalse();
        assertThat(answer.event().getType()).isEqualTo("accept.output");
        assertThat(data(answer.event())).isEqualTo("{\"id\":\"1001\",\"by\":\"accept\"}");
    }

    @Test
    void aStructuredEventIsAnsweredInStructuredMode() {
        HttpExchange.Answer answer = answer(structured(TestEvents.bytes("http/order-placed.json")));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.structured()).isTrue();
        assertThat(answer.event().getSubject()).isEqualTo("1001");
    }

    @Test
    void anEventWithoutAReplyIsAnswered202WithoutABody() throws IOException {
        HttpExchange.Answer answer = answer(binary(CloudEventBuilder.v1().withId("s-1")
                .withSource(URI.create("/tests")).withType("sink")
                .withData("application/json", json.writeValueAsBytes(new SampleFunctions.Order("1", "cup", 1)))
                .build()));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.event()).isNull();
        assertThat(answer.body()).isNull();
    }

    @Test
    void traceHeadersOfABinaryEventBecomeItsTraceContext() {
        HttpExchange.Answer answer = answer(binary(event("forward", "x"), "traceparent", TRACEPARENT, "tracestate",
                "vendor=1"));

        assertThat(answer.event().getExtension("traceparent")).isEqualTo(TRACEPARENT);
        assertThat(answer.event().getExtension("tracestate")).isEqualTo("vendor=1");
    }

    @Test
    void aBatchIsAnsweredWithTheStatusOfItsWorstFailureListingEveryFailure() throws IOException {
        Map<String, Object> problem = problem(answer(batch(TestEvents.bytes("http/order-batch-with-failures.json"))),
                500);

        assertThat((String) problem.get("detail")).startsWith("2 of 4 events failed");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).containsEntry("index", 1).containsEntry("id", "b-2").containsEntry("status", 422);
        assertThat(errors.get(1)).containsEntry("index", 2).containsEntry("id", "b-3").containsEntry("status", 500)
                .containsEntry("detail", "Function 'fails' failed: failed on db down");
    }

    @Test
    void aBatchIsAnsweredWithABatchOfReplies() throws IOException {
        HttpExchange.Answer answer = answer(batch(TestEvents.bytes("http/greet-batch.json")));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(HttpExchange.BATCH);
        List<CloudEvent> replies = events.readValue(answer.body(), new TypeReference<List<CloudEvent>>() {
        });
        assertThat(replies).extracting(HttpExchangeTest::data).containsExactly("\"greet from /batch\"",
                "\"greet from /batch\"");
    }

    @Test
    void aBatchWithoutRepliesIsAnswered202AndAMalformedOne400() throws IOException {
        CloudEvent order = CloudEventBuilder.v1().withId("s-1").withSource(URI.create("/tests")).withType("sink")
                .withData("application/json", json.writeValueAsBytes(new SampleFunctions.Order("1", "cup", 1)))
                .build();

        assertThat(answer(batch(events.writeValueAsBytes(List.of(order, order)))).status()).isEqualTo(202);
        assertThat(problem(answer(batch(TestEvents.bytes("http/greet.json"))), 400).get("detail")).asString()
                .contains("not a JSON array of valid CloudEvents");
    }

    @Test
    void plainJsonOnAFunctionPathIsAnswered200WithTheReplyDataOr204() throws IOException {
        HttpExchange.Answer shouted = answer(post("shout", Map.of("content-type", "application/json"),
                json.writeValueAsBytes("hi")));
        HttpExchange.Answer sunk = answer(post("sink", Map.of("content-type", "application/json"),
                json.writeValueAsBytes(new SampleFunctions.Order("1", "cup", 1))));

        assertThat(shouted.status()).isEqualTo(200);
        assertThat(shouted.contentType()).isEqualTo(MediaTypes.JSON);
        assertThat(new String(shouted.body(), UTF_8)).isEqualTo("\"HI\"");
        assertThat(sunk.status()).isEqualTo(204);
        assertThat(sunk.body()).isNull();
        assertThat(problem(answer(post("nope", Map.of("content-type", "application/json"), new byte[0])), 404)
                .get("detail")).isEqualTo("No function is named 'nope'");
    }

    @Test
    void otherMethodsThanPostAre405WithAnAllowHeader() throws IOException {
        HttpExchange.Answer answer = answer(new Request("GET", "/greet", "greet", Map.of(), new byte[0]));

        assertThat(answer.headers()).containsEntry("allow", "POST");
        assertThat(problem(answer, 405).get("detail")).asString().contains("GET is not supported on /greet");
    }

    @Test
    void aRequestWithoutACloudEventIs400() throws IOException {
        Map<String, Object> problem = problem(answer(post(null, Map.of("content-type", "application/json"),
                TestEvents.bytes("http/greet.json"))), 400);

        assertThat(problem).containsEntry("type", HttpProblem.TYPE_BASE + "not-a-cloudevent")
                .containsEntry("attribute", "specversion");
    }

    @Test
    void aBinaryEventWithoutSpecVersionIs400() throws IOException {
        Map<String, Object> problem = problem(answer(post(null, Map.of("ce-id", "1", "ce-source", "/tests",
                "ce-type", "shout", "content-type", "text/plain"), "x".getBytes(UTF_8))), 400);

        assertThat(problem).containsEntry("attribute", "specversion");
        assertThat(problem.get("detail")).asString().contains("ce-specversion");
    }

    @Test
    void aStructuredEventMissingARequiredAttributeIs400NamingIt() throws IOException {
        Map<String, Object> problem = problem(answer(structured(TestEvents.bytes("http/greet-without-type.json"))),
                400);

        assertThat(problem).containsEntry("type", HttpProblem.TYPE_BASE + "invalid-event")
                .containsEntry("attribute", "type");
    }

    @Test
    void dataThatDoesNotBindIs400NamingTheAttributeAndTheEvent() throws IOException {
        Map<String, Object> problem = problem(answer(binary(CloudEventBuilder.v1().withId("bad-1")
                .withSource(URI.create("/tests")).withType("com.example.order.placed")
                .withData("text/csv", "1,cup,2".getBytes(UTF_8)).build())), 400);

        assertThat(problem).containsEntry("attribute", "datacontenttype").containsEntry("eventId", "bad-1");
    }

    @Test
    void outcomesMapToTheirStatuses() throws IOException {
        assertThat(problem(answer(binary(TestEvents.event("http/order-placed-zero-quantity.json"))), 422))
                .containsEntry("type", HttpProblem.TYPE_BASE + "event-rejected").containsEntry("function", "accept")
                .containsEntry("eventId", "order-1002");
        assertThat(problem(answer(binary(event("whisper", "x"))), 404))
                .containsEntry("type", HttpProblem.TYPE_BASE + "no-matching-function").doesNotContainKey("function");
        assertThat(problem(answer(binary(event("lookup", "o-9"))), 404))
                .containsEntry("type", HttpProblem.TYPE_BASE + "not-found").containsEntry("function", "lookup")
                .containsEntry("detail", "No order o-9");
        assertThat(problem(answer(binary(event("fails", "x"))), 500))
                .containsEntry("type", HttpProblem.TYPE_BASE + "function-failed").containsEntry("function", "fails")
                .containsEntry("detail", "Function 'fails' failed: failed on x");
        HttpExchange.Answer unauthenticated = answer(binary(CloudEventBuilder.from(event("shout", "x"))
                .withExtension("caller", "anonymous").build()));
        assertThat(problem(unauthenticated, 401)).containsEntry("type", HttpProblem.TYPE_BASE + "unauthenticated");
        assertThat(unauthenticated.headers()).containsEntry("www-authenticate", "Bearer realm=\"bindery\"");
        assertThat(problem(answer(binary(CloudEventBuilder.from(event("shout", "x"))
                .withExtension("caller", "intruder").build())), 403))
                .containsEntry("type", HttpProblem.TYPE_BASE + "forbidden").doesNotContainKey("function");
    }

    @Test
    void aHostFailureTellsTheSenderOnlyItsTraceId() throws IOException {
        HttpExchange.Answer traced = answer(binary(event("unserializable", "x"), "traceparent", TRACEPARENT));
        HttpExchange.Answer untraced = answer(binary(event("unserializable", "x")));

        Map<String, Object> problem = problem(traced, 500);
        assertThat(problem).containsEntry("type", HttpProblem.TYPE_BASE + "host-failure")
                .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736").doesNotContainKey("function");
        assertThat(new String(traced.body(), UTF_8)).doesNotContain("serialized", "java.lang.Object",
                "unserializable");
        assertThat(problem(untraced, 500).get("traceId")).asString().matches("[0-9a-f]{32}");
    }

    @Test
    void aBatchWhoseBodyIsNullOrHoldsNullIs400() throws IOException {
        assertThat(problem(answer(batch("null".getBytes(UTF_8))), 400).get("detail")).asString()
                .contains("not a JSON array of valid CloudEvents");
        assertThat(problem(answer(batch("[null]".getBytes(UTF_8))), 400).get("detail")).asString()
                .contains("not a JSON array of valid CloudEvents");
    }

    @Test
    void formAndMultipartContentTypesAre415() throws IOException {
        for (String type : List.of("multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                "Multipart/mixed")) {
            assertThat(HttpExchange.refusesContentType(type)).as(type).isTrue();
            Map<String, Object> problem = problem(answer(post("shout", Map.of("content-type", type),
                    "not multipart".getBytes(UTF_8))), 415);
            assertThat(problem).containsEntry("type", HttpProblem.TYPE_BASE + "unsupported-media-type");
        }
        assertThat(HttpExchange.refusesContentType(null)).isFalse();
        assertThat(HttpExchange.refusesContentType("application/json")).isFalse();
    }

    @Test
    void aFailureOfTheServerAdapterIsAGeneric500WithATraceIdNeverItsText() throws IOException {
        HttpExchange.Answer answer = exchange.handle(new HttpExchange.Request() {
            @Override
            public String method() {
                return "POST";
            }

            @Override
            public String path() {
                return "/shout";
            }

            @Override
            public String function() {
                return "shout";
            }

            @Override
            public String header(String name) {
                return "content-type".equalsIgnoreCase(name) ? "application/json" : null;
            }

            @Override
            public boolean hasCloudEventHeaders() {
                return false;
            }

            @Override
            public byte[] body() {
                throw new IllegalStateException("secret internal state");
            }

            @Override
            public MessageReader reader() {
                throw new UnsupportedOperationException();
            }
        }).toCompletableFuture().join();

        assertThat(problem(answer, 500)).containsEntry("type", HttpProblem.TYPE_BASE + "host-failure")
                .containsKey("traceId");
        assertThat(new String(answer.body(), UTF_8)).doesNotContain("secret", "IllegalStateException");
    }
}

package dev.bindery.examples.ingress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;

import dev.bindery.examples.CloudEventsHttp;
import dev.bindery.testing.TestEvents;

/** The HTTP contract of the ingress: modes, replies, and every kind of bad input. */
@QuarkusTest
class HttpIngressTest {

    @TestHTTPResource("/")
    URL root;

    private CloudEventsHttp http;

    @BeforeEach
    void connect() throws URISyntaxException {
        http = new CloudEventsHttp(root.toURI());
    }

    @AfterEach
    void disconnect() {
        http.close();
    }

    private static CloudEventBuilder event(String type) {
        return CloudEventBuilder.v1().withId("id-1").withSource(URI.create("/tests")).withType(type);
    }

    private static CloudEvent json(String type, String data) {
        return event(type).withData("application/json", data.getBytes(UTF_8)).build();
    }

    private static String data(CloudEvent event) {
        return new String(event.getData().toBytes(), UTF_8);
    }

    private void assertProblem(HttpResponse<Buffer> response, int status, String detailPart) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("content-type")).isEqualTo("application/problem+json");
        Map<String, Object> problem = response.bodyAsJsonObject().getMap();
        assertThat(problem).containsEntry("status", status).containsKeys("type", "title", "detail");
        assertThat((String) problem.get("detail")).contains(detailPart);
    }

    @Test
    void aFunctionReturningNothingIsAnswered202WithAnEmptyBody() {
        HttpResponse<Buffer> response = http.binary(json("record", "{\"entry\":1}"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isNull();
    }

    @Test
    void theFunctionSetsReplyAttributesAndSeesKnativeExtensions() {
        CloudEvent in = event("annotate").withExtension("knativearrivaltime", "2026-11-26T08:00:00Z")
                .withExtension("tenant", "acme").withData("application/json", "{\"name\":\"Ada\"}".getBytes(UTF_8))
                .build();

        CloudEvent reply = CloudEventsHttp.reply(http.binary(in));

        assertThat(reply.getType()).isEqualTo("com.example.annotated");
        assertThat(reply.getSource()).isEqualTo(URI.create("/annotator"));
        assertThat(reply.getSubject()).isEqualTo("subject-id-1");
        assertThat(reply.getExtension("tenant")).isEqualTo("acme");
        assertThat(data(reply)).isEqualTo("{\"message\":\"arrived at 2026-11-26T08:00:00Z\"}");
    }

    @Test
    void aMissingDataContentTypeMeansJson() {
        CloudEvent in = event("greet").withData("{\"name\":\"Ada\"}".getBytes(UTF_8)).build();

        HttpResponse<Buffer> response = http.binary(in);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(data(CloudEventsHttp.reply(response))).isEqualTo("{\"message\":\"Hello, Ada!\"}");
    }

    @Test
    void asyncFunctionsReply() {
        assertThat(data(CloudEventsHttp.reply(http.binary(json("later", "{\"name\":\"Ada\"}")))))
                .isEqualTo("{\"message\":\"Later, Ada!\"}");
        assertThat(data(CloudEventsHttp.reply(http.binary(json("eventually", "{\"name\":\"Ada\"}")))))
                .isEqualTo("{\"message\":\"Eventually, Ada!\"}");
    }

    @Test
    void theMostSpecificFilterWinsIncludingOnExtensionAttributes() {
        CloudEvent acme = event("com.example.tenant.event").withExtension("tenant", "acme")
                .withData("text/plain", "x".getBytes(UTF_8)).build();
        CloudEvent other = event("com.example.tenant.event").withExtension("tenant", "globex")
                .withData("text/plain", "x".getBytes(UTF_8)).build();
        CloudEvent png = event("com.example.storage.object.created").withSubject("photos/cat.png")
                .withData("text/plain", "cat".getBytes(UTF_8)).build();

        assertThat(data(CloudEventsHttp.reply(http.binary(acme)))).isEqualTo("\"acme\"");
        assertThat(data(CloudEventsHttp.reply(http.binary(other)))).isEqualTo("\"any tenant\"");
        assertThat(data(CloudEventsHttp.reply(http.binary(png)))).isEqualTo("\"png photos/cat.png\"");
    }

    @Test
    void aCloudEventPostedToAFunctionPathGoesToThatFunction() {
        HttpResponse<Buffer> response = http.binary("/text", json("whatever.type", "\"hello\""));

        assertThat(response.statusCode()).isEqualTo(200);
        CloudEvent reply = CloudEventsHttp.reply(response);
        assertThat(reply.getType()).isEqualTo("text.output");
        assertThat(data(reply)).isEqualTo("\"hello\"");
    }

    @Test
    void aBatchIsDispatchedEventByEventAndAnsweredWithABatchOfReplies() {
        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/",
                Map.of("content-type", "application/cloudevents-batch+json"),
                Buffer.buffer(TestEvents.bytes("http/greet-batch.json")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).isEqualTo("application/cloudevents-batch+json");
        List<CloudEvent> replies = CloudEventsHttp.replies(response);
        assertThat(replies).extracting(HttpIngressTest::data)
                .containsExactly("{\"message\":\"Hello, Ada!\"}", "{\"message\":\"Hello, Grace!\"}");
        assertThat(replies).allSatisfy(r -> assertThat(r.getType()).isEqualTo("greet.output"));
    }

    @Test
    void aBatchOfEventsWithoutRepliesIsAnswered202() {
        HttpResponse<Buffer> response = http.batch(List.of(json("record", "{}"), json("record", "[]")));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void aBatchWithAFailedEventIsAnsweredWithTheFailuresSoItIsRetried() {
        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/",
                Map.of("content-type", "application/cloudevents-batch+json"),
                Buffer.buffer(TestEvents.bytes("http/batch-with-failure.json")));

        assertProblem(response, 500, "1 of 3 events failed");
        List<?> errors = (List<?>) response.bodyAsJsonObject().getMap().get("errors");
        assertThat(errors).singleElement().asString().contains("index=1", "id=bad-2", "status=500", "db down");
    }

    @Test
    void aMalformedBatchIs400() {
        assertProblem(http.raw(HttpMethod.POST, "/", Map.of("content-type", "application/cloudevents-batch+json"),
                Buffer.buffer("[{\"specversion\":\"1.0\",\"id\":\"1\"}]")), 400, "not a JSON array of valid CloudEvents");
        assertProblem(http.raw(HttpMethod.POST, "/", Map.of("content-type", "application/cloudevents-batch+json"),
                Buffer.buffer("{\"not\":\"an array\"}")), 400, "not a JSON array");
    }

    @ParameterizedTest(name = "binary mode without ce-{0} is 400 naming {0}")
    @CsvSource({"id", "source", "type"})
    void aBinaryEventMissingARequiredAttributeIs400NamingIt(String missing) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("ce-specversion", "1.0", "ce-id", "1",
                "ce-source", "/tests", "ce-type", "greet", "content-type", "application/json"));
        headers.remove("ce-" + missing);

        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/", headers, Buffer.buffer("{}"));

        assertProblem(response, 400, missing);
        assertThat(response.bodyAsJsonObject().getMap()).containsEntry("attribute", missing);
    }

    @Test
    void aBinaryEventWithoutSpecVersionIs400() {
        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/", Map.of("ce-id", "1", "ce-source", "/tests",
                "ce-type", "greet", "content-type", "application/json"), Buffer.buffer("{}"));

        assertProblem(response, 400, "ce-specversion");
        assertThat(response.bodyAsJsonObject().getMap()).containsEntry("attribute", "specversion");
    }

    @Test
    void anUnsupportedSpecVersionIs400() {
        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/", Map.of("ce-specversion", "9.9", "ce-id", "1",
                "ce-source", "/tests", "ce-type", "greet", "content-type", "application/json"), Buffer.buffer("{}"));

        assertProblem(response, 400, "9.9");
        assertThat(response.bodyAsJsonObject().getMap()).containsEntry("attribute", "specversion");
    }

    @Test
    void aStructuredEventMissingTypeIs400() {
        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/",
                Map.of("content-type", "application/cloudevents+json"),
                Buffer.buffer(TestEvents.bytes("http/missing-type.json")));

        assertProblem(response, 400, "type");
        assertThat(response.bodyAsJsonObject().getMap()).containsEntry("attribute", "type");
    }

    @Test
    void aStructuredEventThatIsNotJsonIs400() {
        assertProblem(http.raw(HttpMethod.POST, "/", Map.of("content-type", "application/cloudevents+json"),
                Buffer.buffer("{\"specversion\": \"1.0\", ")), 400, "Unexpected end-of-input");
    }

    @Test
    void aPostWithoutAnyCloudEventIs400() {
        assertProblem(http.raw(HttpMethod.POST, "/", Map.of("content-type", "application/json"), Buffer.buffer("{}")),
                400, "carries no CloudEvent");
    }

    @Test
    void unparsableDataIs400() {
        HttpResponse<Buffer> response = http.binary(json("greet", "{\"name\": "));

        assertProblem(response, 400, "Data does not bind to dev.bindery.examples.Greeting");
        assertThat(response.bodyAsJsonObject().getMap()).containsEntry("attribute", "data")
                .containsEntry("eventId", "id-1");
    }

    @Test
    void dataThatDoesNotBindToTheParameterIs400() {
        assertProblem(http.binary(json("com.example.order.placed", "{\"id\":\"1\",\"item\":\"x\",\"quantity\":\"lots\"}")),
                400, "quantity");
        assertProblem(http.binary(event("greet").withData("text/csv", "a,b".getBytes(UTF_8)).build()), 400,
                "content type 'text/csv' cannot bind");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) 'a');

        assertProblem(http.raw(HttpMethod.POST, "/", Map.of("ce-specversion", "1.0", "ce-id", "1", "ce-source",
                "/tests", "ce-type", "text", "content-type", "text/plain"), Buffer.buffer(big)), 413,
                "bindery.http.max-body-size");
    }

    @Test
    void otherMethodsThanPostAre405() {
        HttpResponse<Buffer> root = http.raw(HttpMethod.GET, "/", Map.of(), null);
        assertProblem(root, 405, "POST");
        assertThat(root.getHeader("allow")).isEqualTo("POST");
        assertProblem(http.raw(HttpMethod.PUT, "/greet", Map.of(), Buffer.buffer("{}")), 405, "PUT is not supported");
    }

    @Test
    void anUnknownFunctionPathIs404() {
        assertProblem(http.raw(HttpMethod.POST, "/nope", Map.of("content-type", "application/json"),
                Buffer.buffer("{}")), 404, "No function is named 'nope'");
    }

    @Test
    void plainJsonToAVoidFunctionIs204() {
        assertThat(http.raw(HttpMethod.POST, "/record", Map.of("content-type", "application/json"),
                Buffer.buffer("{}")).statusCode()).isEqualTo(204);
    }

    @Test
    void aBatchWhoseBodyIsNullIs400() {
        assertProblem(http.raw(HttpMethod.POST, "/", Map.of("content-type", "application/cloudevents-batch+json"),
                Buffer.buffer("null")), 400, "not a JSON array of valid CloudEvents");
    }

    @ParameterizedTest(name = "{0} with body {1} is 415 before its body is decoded")
    @CsvSource(delimiter = '|', value = {"multipart/form-data|not multipart", "multipart/form-data; boundary=b|--b",
            "multipart/form-data; boundary=b|--b\\r\\nContent-Disposition: form-data\\r\\n\\r\\nx\\r\\n--b--",
            "multipart/form-data; boundary=b|--b\\r\\nno-colon\\r\\n\\r\\nx\\r\\n--b--",
            "multipart/form-data; boundary=\"|x", "multipart/form-data; charset=nope; boundary=b|--b\\r\\n",
            "application/x-www-form-urlencoded|a=%%%&b=%zz", "application/x-www-form-urlencoded; charset=nope|a=b"})
    void formAndMultipartBodiesAre415(String contentType, String body) {
        HttpResponse<Buffer> response = http.raw(HttpMethod.POST, "/greet", Map.of("content-type", contentType),
                Buffer.buffer(body.replace("\\r\\n", "\r\n")));

        assertProblem(response, 415, contentType);
        assertThat(response.bodyAsJsonObject().getMap()).containsEntry("type",
                "https://bindery.dev/problems/unsupported-media-type");
    }

    @Test
    void aPathUnderTheIngressThatNoRouteTakesIsA404Problem() {
        assertProblem(http.rawTarget(HttpMethod.POST, "/greet/extra", Map.of("content-type", "application/json"),
                Buffer.buffer("{}")), 404, "POST /greet/extra");
    }

    /**
     * The limit: a request target the HTTP server refuses before the application's router sees it (such as
     * {@code //}) is answered 400 without a body by the server; no route or router handler is reached.
     */
    @Test
    void aRequestTargetRefusedBeforeRoutingIsA400FromTheServer() {
        assertThat(http.rawTarget(HttpMethod.POST, "//", Map.of("content-type", "application/json"),
                Buffer.buffer("{}")).statusCode()).isEqualTo(400);
    }
}

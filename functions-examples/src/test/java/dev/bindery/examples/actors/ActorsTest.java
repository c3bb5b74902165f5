package dev.bindery.examples.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.actors.ActorClient;
import dev.bindery.examples.secrets.Await;
import dev.bindery.invocation.InvocationFailedException;
import dev.bindery.invocation.InvocationNotFoundException;
import dev.bindery.invocation.InvocationRejectedException;
import dev.bindery.invocation.InvokeOptions;
import dev.bindery.invocation.Invoker;

/**
 * The actors building block in the running application: the injected client, Dapr's actor HTTP API (method calls,
 * state, timers, reminders, and every bad request), actor events on the CloudEvents ingress, metrics and spans.
 */
@QuarkusTest
class ActorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anotherApplicationCallsAnActorThroughServiceInvocation() throws Exception {
        String id = newId();
        // what another Bindery app sends with invoker.invokeEvent: the event names the actor in its extensions
        CloudEvent call = CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("/other-app")).withType("Counter.increment")
                .withExtension("actortype", "Counter").withExtension("actorid", id)
                .withExtension("actormethod", "increment")
                .withData("application/json", "5".getBytes(StandardCharsets.UTF_8)).build();

        Optional<CloudEvent> reply = invoker.invokeEvent(appId, "Counter.increment", call, InvokeOptions.DEFAULT)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(new String(reply.orElseThrow().getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("5");
        assertThat(actors.call("Counter", id, "get", null, Integer.class)).isEqualTo(5);
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    ActorClient actors;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Invoker invoker;

    @ConfigProperty(name = "bindery.app-id")
    String appId;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String newId() {
        return "c-" + UUID.randomUUID();
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String field) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.path("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void theInjectedClientCallsAnActorSynchronouslyAsynchronouslyAndThroughAProxy() throws Exception {
        String id = newId();
        assertThat(actors.call("Counter", id, "increment", 2, Integer.class)).isEqualTo(2);
        assertThat(actors.callAsync("Counter", id, "increment", 3, Integer.class).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(5);
        Counting counter = actors.proxy(Counting.class, "Counter", id);
        assertThat(counter.increment(1)).isEqualTo(6);
        assertThat(counter.get().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(6);
    }

    @Test
    void theClientReportsUnknownMethodsRejectionsAndFailures() {
        String id = newId();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> actors.call("Counter", id, "nope", null, Void.class))
                .isInstanceOf(InvocationNotFoundException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> actors.call("Counter", id, "reject", null,
                Void.class)).isInstanceOf(InvocationRejectedException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> actors.call("Counter", id, "fail", null, Void.class))
                .isInstanceOf(InvocationFailedException.class);
    }

    @Test
    void aThousandConcurrentIncrementsOverHttpCountExactly() throws Exception {
        String id = newId();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(http.sendAsync(request("POST", "v1.0/actors/Counter/" + id + "/method/increment", "1"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Set<Integer> seen = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            seen.add(Integer.parseInt(response.body()));
        }
        // each increment saw the one before it: one at a time
        assertThat(seen).hasSize(1000).contains(1, 1000);
        HttpResponse<String> get = send("GET", "v1.0/actors/Counter/" + id + "/method/get", null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("1000");
    }

    @Test
    void aMethodWithoutAReplyAnswers204AndItsTurnIsASpanNamedAfterTheMethod() throws Exception {
        String id = newId();
        HttpResponse<String> tick = send("PUT", "v1.0/actors/Counter/" + id + "/method/tick", "\"hello\"");
        assertThat(tick.statusCode()).as(tick.body()).isEqualTo(204);
        Await.until("the turn's span", Duration.ofSeconds(10), () -> spans.getFinishedSpanItems().stream()
                .map(SpanData::getName).anyMatch("Counter.tick"::equals));
    }

    @Test
    void theCloudEventsIngressRoutesABinaryEventWithActorExtensionsToTheActor() throws Exception {
        String id = newId();
        HttpRequest event = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(30))
                .header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/actors-test").header("ce-type", "com.example.anything")
                .header("ce-actortype", "Counter").header("ce-actorid", id).header("ce-actormethod", "increment")
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("7")).build();
        HttpResponse<String> response = http.send(event, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("7");
        assertThat(actors.call("Counter", id, "get", null, Integer.class)).isEqualTo(7);
    }

    @Test
    void aStructuredEventWithActorExtensionsReachesTheActorToo() throws Exception {
        String id = newId();
        String structured = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/t\","
                + "\"type\":\"x\",\"actortype\":\"Counter\",\"actorid\":\"" + id + "\",\"actormethod\":\"increment\","
                + "\"datacontenttype\":\"application/json\",\"data\":4}";
        HttpRequest event = HttpRequest.newBuilder(base).header("content-type", "application/cloudevents+json")
                .POST(HttpRequest.BodyPublishers.ofString(structured)).build();
        HttpResponse<String> response = http.send(event, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("data").asInt()).isEqualTo(4);
    }

    @Test
    void daprStateTransactionsAndReads() throws Exception {
        String actor = "v1.0/actors/Counter/" + newId();
        HttpResponse<String> saved = send("POST", actor + "/state", "[{\"operation\":\"upsert\",\"request\":{\"key\":"
                + "\"a\",\"value\":{\"x\":1}}},{\"operation\":\"upsert\",\"request\":{\"key\":\"b\",\"value\":\"bee\","
                + "\"metadata\":{\"ttlInSeconds\":\"3600\"}}},{\"operation\":\"upsert\",\"request\":{\"key\":\"c\","
                + "\"value\":3}}]");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(204);
        HttpResponse<String> deleted = send("PUT", actor + "/state", "[{\"operation\":\"delete\",\"request\":"
                + "{\"key\":\"c\"}}]");
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        HttpResponse<String> a = send("GET", actor + "/state/a", null);
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(json(a).path("x").asInt()).isEqualTo(1);
        assertThat(send("GET", actor + "/state/b", null).body()).isEqualTo("\"bee\"");
        assertThat(send("GET", actor + "/state/c", null).statusCode()).isEqualTo(204);
        assertThat(send("GET", actor + "/state/never", null).statusCode()).isEqualTo(204);
    }

    @Test
    void aReminderRegisteredOverHttpFiresItsCallbackAndCanBeReadListedAndDeleted() throws Exception {
        String id = newId();
        String actor = "v1.0/actors/Counter/" + id;
        HttpResponse<String> registered = send("POST", actor + "/reminders/r1", "{\"dueTime\":\"100ms\","
                + "\"period\":\"200ms\",\"data\":\"from a reminder\",\"callback\":\"tick\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204);
        HttpResponse<String> read = send("GET", actor + "/reminders/r1", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).path("dueTime").asText()).isEqualTo("100ms");
        assertThat(json(read).path("period").asText()).isEqualTo("200ms");
        assertThat(json(read).path("data").asText()).isEqualTo("from a reminder");
        Await.until("the reminder's callback", Duration.ofSeconds(15), () -> ticks(actor) >= 2);
        assertThat(send("GET", actor + "/state/note", null).body()).isEqualTo("\"from a reminder\"");
        HttpResponse<String> list = send("GET", actor + "/reminders", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).get(0).path("name").asText()).isEqualTo("r1");
        assertThat(send("DELETE", actor + "/reminders/r1", null).statusCode()).isEqualTo(204);
        assertThat(send("GET", actor + "/reminders/r1", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aTimerRegisteredOverHttpFiresUntilDeleted() throws Exception {
        String actor = "v1.0/actors/Counter/" + newId();
        HttpResponse<String> registered = send("PUT", actor + "/timers/t1", "{\"dueTime\":\"0h0m0s50ms\","
                + "\"period\":\"50ms\",\"callback\":\"tick\"}");
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(204);
        Await.until("the timer's callback", Duration.ofSeconds(10), () -> ticks(actor) >= 3);
        assertThat(send("DELETE", actor + "/timers/t1", null).statusCode()).isEqualTo(204);
        int after = ticks(actor);
        Thread.sleep(300);
        assertThat(ticks(actor)).isLessThanOrEqualTo(after + 1);
    }

    private int ticks(String actor) {
        try {
            HttpResponse<String> ticks = send("GET", actor + "/state/ticks", null);
            return ticks.statusCode() == 200 ? Integer.parseInt(ticks.body()) : 0;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void unknownTypesAndMethodsAre404Problems() throws Exception {
        String id = newId();
        assertProblem(send("POST", "v1.0/actors/Nobody/" + id + "/method/increment", "1"), 404, null);
        assertProblem(send("POST", "v1.0/actors/Counter/" + id + "/method/nope", "1"), 404, null);
        assertProblem(send("GET", "v1.0/actors/Nobody/" + id + "/state/a", null), 404, null);
        assertProblem(send("POST", "v1.0/actors/Nobody/" + id + "/reminders/r", "{}"), 404, null);
        assertProblem(send("GET", "v1.0/actors/Counter/" + id + "/elsewhere", null), 404, null);
    }

    @Test
    void methodCallsAnswerRejectionsFailuresAndBadDataAsProblems() throws Exception {
        String actor = "v1.0/actors/Counter/" + newId();
        assertProblem(send("POST", actor + "/method/reject", null), 422, null);
        HttpResponse<String> failed = send("POST", actor + "/method/fail", null);
        assertProblem(failed, 500, null);
        assertProblem(send("POST", actor + "/method/increment", "\"not a number\""), 400, null);
    }

    @Test
    void badSchedulesCallbacksAndBodiesAre400ProblemsNamingTheField() throws Exception {
        String actor = "v1.0/actors/Counter/" + newId();
        assertProblem(send("POST", actor + "/reminders/r", "{\"dueTime\":\"soon\",\"callback\":\"tick\"}"), 400,
                "dueTime");
        assertProblem(send("POST", actor + "/reminders/r", "{\"dueTime\":\"1s\",\"period\":\"often\",\"callback\":"
                + "\"tick\"}"), 400, "period");
        assertProblem(send("POST", actor + "/reminders/r", "{\"dueTime\":\"1s\",\"ttl\":\"later\",\"callback\":"
                + "\"tick\"}"), 400, "ttl");
        assertProblem(send("POST", actor + "/reminders/r", "{\"dueTime\":\"1s\",\"callback\":\"nope\"}"), 400,
                "callback");
        // no callback: Dapr's receiveReminder, which this actor does not have
        assertProblem(send("POST", actor + "/reminders/r", "{\"dueTime\":\"1s\"}"), 400, "callback");
        assertProblem(send("POST", actor + "/timers/t", "{\"dueTime\":\"1s\"}"), 400, "callback");
        assertProblem(send("POST", actor + "/timers/t", "{\"dueTime\":\"1s\",\"callback\":\"nope\"}"), 400,
                "callback");
        assertProblem(send("POST", actor + "/timers/t", "{\"dueTime\":5,\"callback\":\"tick\"}"), 400, "dueTime");
        assertProblem(send("POST", actor + "/reminders/r", "{not json"), 400, "body");
        assertProblem(send("POST", actor + "/state", "{\"operation\":\"upsert\"}"), 400, "operations");
        assertProblem(send("POST", actor + "/state", "[{\"operation\":\"merge\",\"request\":{\"key\":\"a\"}}]"), 400,
                "[0].operation");
        assertProblem(send("POST", actor + "/state", "[{\"operation\":\"upsert\",\"request\":{\"value\":1}}]"), 400,
                "[0].request.key");
        assertProblem(send("POST", actor + "/state", "[{\"operation\":\"upsert\",\"request\":{\"key\":\"a\","
                + "\"metadata\":{\"ttlInSeconds\":\"soon\"}}}]"), 400, "[0].request.metadata.ttlInSeconds");
        assertProblem(send("POST", actor + "/state", "[{\"operation\":\"upsert\",\"request\":{\"key\":\"$lease\","
                + "\"value\":1}}]"), 400, "value");
        // nothing of it was saved
        assertThat(send("GET", actor + "/state/a", null).statusCode()).isEqualTo(204);
    }

    @Test
    void theActorMetricsAreExported() throws Exception {
        String id = newId();
        actors.call("Counter", id, "increment", 1, Integer.class);
        send("POST", "v1.0/actors/Counter/" + id + "/reminders/m", "{\"dueTime\":\"1h\",\"callback\":\"tick\"}");
        String metrics = send("GET", "q/metrics", null).body();
        assertThat(metrics).contains("bindery_actors_active{type=\"Counter\"}",
                "bindery_actor_turns_total{method=\"increment\",outcome=\"success\",type=\"Counter\"}",
                "bindery_actor_turn_seconds_count{method=\"increment\",type=\"Counter\"}",
                "bindery_actor_queue_depth{type=\"Counter\"}", "bindery_actor_forwarded_total{type=\"Counter\"}",
                "bindery_actor_reminders_scheduled{type=\"Counter\"}",
                "bindery_actor_reminders_fired_total{type=\"Counter\"}",
                "bindery_actor_reminder_lateness_seconds_count{type=\"Counter\"}",
                "bindery_function_invocations_total{function=\"Counter.increment\",outcome=\"success\"}");
    }
}

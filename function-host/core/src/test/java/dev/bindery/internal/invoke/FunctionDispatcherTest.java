package dev.bindery.internal.invoke;

import static dev.bindery.internal.invoke.SampleFunctions.function;
import static dev.bindery.spi.dispatch.DispatchRequest.HTTP;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.function.EventRejectedException;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.internal.stages.TelemetryStage;
import dev.bindery.spi.dispatch.InvocationListener.Invocation;
import dev.bindery.spi.dispatch.InvocationListener.Scope;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.testing.TestEvents;

class FunctionDispatcherTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService workers = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));
    /** What the telemetry stage saw end: {@code <function>:<outcome>}. */
    private final List<String> invocations = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stopWorkers() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private FunctionDispatcher dispatcher(FunctionDefinition... functions) {
        return new FunctionDispatcher(List.of(functions), mapper, Map.of(ExecutionMode.WORKER, workers),
                List.of(new TelemetryStage((function, event) -> new Invocation() {
                    @Override
                    public Scope enter() {
                        return Scope.NONE;
                    }

                    @Override
                    public void end(Outcome outcome, long nanos) {
                        invocations.add(function + ":" + outcome.getClass().getSimpleName());
                    }
                })));
    }

    static CloudEvent event(String type, String contentType, String data) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/test")).withType(type);
        return data == null ? builder.build() : builder.withData(contentType, data.getBytes(UTF_8)).build();
    }

    static Outcome await(CompletionStage<Outcome> stage) {
        return stage.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static CloudEvent reply(CompletionStage<Outcome> stage) {
        Outcome outcome = await(stage);
        assertThat(outcome).isInstanceOf(Outcome.Replied.class);
        return ((Outcome.Replied) outcome).reply();
    }

    private static String data(CompletionStage<Outcome> stage) {
        return new String(reply(stage).getData().toBytes(), UTF_8);
    }

    @Test
    void bindsPojoAndContextAndRepliesWithDefaultsAndContextOverrides() {
        FunctionDispatcher dispatcher = dispatcher(function("accept", "accept")
                .filters(List.of(EventFilter.typeEquals("com.example.order.placed"))).build());

        Outcome outcome = await(dispatcher.dispatch(TestEvents.event("http/order-placed.json"), HTTP));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.function()).contains("accept");
        assertThat(outcome.reason()).isEmpty();
        CloudEvent out = ((Outcome.Replied) outcome).reply();
        assertThat(out.getType()).isEqualTo("accept.output");
        assertThat(out.getSource()).isEqualTo(URI.create("accept"));
        assertThat(out.getSubject()).isEqualTo("1001");
        assertThat(out.getExtension("tenant")).isEqualTo("acme");
        assertThat(out.getDataContentType()).isEqualTo("application/json");
        assertThat(new String(out.getData().toBytes(), UTF_8)).isEqualTo("{\"id\":\"1001\",\"by\":\"accept\"}");
        assertThat(invocations).containsExactly("accept:Replied");
    }

    @Test
    void replyAttributesComeFromTheDefinition() {
        FunctionDispatcher dispatcher = dispatcher(function("shout", "shout").replyType("text.shouted")
                .replySource("/shouter").build());

        CloudEvent out = reply(dispatcher.dispatch(event("shout", "text/plain", "hi"), HTTP));

        assertThat(out.getType()).isEqualTo("text.shouted");
        assertThat(out.getSource()).isEqualTo(URI.create("/shouter"));
        assertThat(new String(out.getData().toBytes(), UTF_8)).isEqualTo("\"HI\"");
    }

    @Test
    void bindsGenericCollections() {
        FunctionDispatcher dispatcher = dispatcher(function("countItems", "countItems").build());

        assertThat(data(dispatcher.dispatch(event("countItems", "application/json",
                "[{\"id\":\"1\",\"item\":\"a\",\"quantity\":1},{\"id\":\"2\",\"item\":\"b\",\"quantity\":1}]"), HTTP)))
                .isEqualTo("2");
    }

    @Test
    void bindsStringsFromTextAndFromJsonStrings() {
        FunctionDispatcher dispatcher = dispatcher(function("shout", "shout").build());

        assertThat(data(dispatcher.dispatch(event("shout", "text/plain", "hi there"), HTTP))).isEqualTo("\"HI THERE\"");
        assertThat(data(dispatcher.dispatch(event("shout", "application/json", "\"json\""), HTTP)))
                .isEqualTo("\"JSON\"");
        assertThat(data(dispatcher.dispatch(event("shout", null, "{\"a\":1}"), HTTP))).isEqualTo("\"{\\\"A\\\":1}\"");
    }

    @Test
    void bytesInBytesOut() {
        FunctionDispatcher dispatcher = dispatcher(function("reverse", "reverse").build());

        CloudEvent out = reply(dispatcher.dispatch(event("reverse", "application/octet-stream", "abc"), HTTP));

        assertThat(out.getDataContentType()).isEqualTo("application/octet-stream");
        assertThat(new String(out.getData().toBytes(), UTF_8)).isEqualTo("cba");
    }

    @Test
    void bindsJsonNodeFromStructuredEvents() {
        FunctionDispatcher dispatcher = dispatcher(function("tree", "tree").build());

        assertThat(data(dispatcher.dispatch(event("tree", "application/json", "{\"nested\":{\"x\":1}}"), HTTP)))
                .isEqualTo("{\"x\":1}");
    }

    @Test
    void passesTheWholeCloudEventAndCanReturnOne() {
        FunctionDispatcher dispatcher = dispatcher(function("describe", "describe").build(),
                function("forward", "forward").build());

        assertThat(data(dispatcher.dispatch(event("describe", null, null), HTTP))).isEqualTo("\"describe from /test\"");
        CloudEvent in = event("forward", "text/plain", "x");
        assertThat(reply(dispatcher.dispatch(in, HTTP))).isSameAs(in);
    }

    @Test
    void voidMeansNoReply() {
        FunctionDispatcher dispatcher = dispatcher(function("sink", "sink").build());

        Outcome outcome = await(dispatcher.dispatch(event("sink", "application/json", "{\"id\":\"1\"}"), HTTP));

        assertThat(outcome).isEqualTo(new Outcome.NoReply("sink", false));
        assertThat(outcome.succeeded()).isTrue();
        assertThat(invocations).containsExactly("sink:NoReply");
    }

    @Test
    void asyncResultsCompleteTheReply() {
        FunctionDispatcher dispatcher = dispatcher(function("later", "later").build(), function("uni", "uni").build(),
                function("uniFails", "uniFails").build());

        assertThat(data(dispatcher.dispatch(event("later", "text/plain", "x"), HTTP))).isEqualTo("\"later x\"");
        assertThat(data(dispatcher.dispatch(event("uni", "text/plain", "y"), HTTP))).isEqualTo("\"uni y\"");
        assertThat(await(dispatcher.dispatch(event("uniFails", "text/plain", "z"), HTTP)))
                .isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
                    assertThat(failed.message()).isEqualTo("Function 'uniFails' failed: uni failed on z");
                    assertThat(failed.retryable()).isTrue();
                    assertThat(failed.failure()).containsInstanceOf(IllegalStateException.class);
                });
    }

    @Test
    void workerFunctionsRunOnTheWorkerExecutor() {
        FunctionDispatcher dispatcher = dispatcher(function("onWorker", "threadName")
                .executionMode(ExecutionMode.WORKER).build(),
                function("onCaller", "threadName").filters(List.of(EventFilter.typeEquals("caller"))).build());

        assertThat(data(dispatcher.dispatch(event("onWorker", "text/plain", "x"), HTTP))).isEqualTo("\"test-worker\"");
        assertThat(data(dispatcher.dispatch(event("caller", "text/plain", "x"), HTTP)))
                .isEqualTo("\"" + Thread.currentThread().getName() + "\"");
    }

    @Test
    void aWorkerPoolThatRefusesTheFunctionIsAHostFailure() throws InterruptedException {
        FunctionDispatcher dispatcher = dispatcher(function("onWorker", "threadName")
                .executionMode(ExecutionMode.WORKER).build());
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.SECONDS);

        assertThat(await(dispatcher.dispatch(event("onWorker", "text/plain", "x"), HTTP)))
                .isInstanceOfSatisfying(Outcome.HostFailure.class, failure -> {
                    assertThat(failure.message()).startsWith("The host could not schedule function 'onWorker'");
                    assertThat(failure.retryable()).isTrue();
                });
    }

    @Test
    void thrownExceptionsAreRetryableFailuresButRejectionsAreNot() {
        FunctionDispatcher dispatcher = dispatcher(function("fails", "fails").build(),
                function("accept", "accept").build());

        Outcome failed = await(dispatcher.dispatch(event("fails", "text/plain", "x"), HTTP));
        assertThat(failed).isInstanceOfSatisfying(Outcome.Failed.class, f -> {
            assertThat(f.message()).isEqualTo("Function 'fails' failed: failed on x");
            assertThat(f.name()).isEqualTo("fails");
            assertThat(f.cause()).isInstanceOf(IllegalStateException.class);
        });
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.succeeded()).isFalse();

        Outcome rejected = await(dispatcher.dispatch(event("accept", "application/json",
                "{\"id\":\"1\",\"item\":\"a\",\"quantity\":0}"), HTTP));
        assertThat(rejected).isInstanceOfSatisfying(Outcome.Rejected.class, r -> {
            assertThat(r.message()).isEqualTo("Function 'accept' rejected the event: quantity must be greater than 0");
            assertThat(r.invalidEvent()).isFalse();
            assertThat(r.cause()).isInstanceOf(EventRejectedException.class);
        });
        assertThat(rejected.retryable()).isFalse();
        assertThat(invocations).containsExactly("fails:Failed", "accept:Rejected");
    }

    @Test
    void aNotFoundThrownByTheFunctionIsNotFoundNamingTheFunction() {
        FunctionDispatcher dispatcher = dispatcher(function("lookup", "lookup").build());

        Outcome outcome = await(dispatcher.dispatch(event("lookup", "text/plain", "o-9"), HTTP));

        assertThat(outcome).isEqualTo(new Outcome.NotFound("lookup", "No order o-9"));
        assertThat(((Outcome.NotFound) outcome).noRoute()).isFalse();
        assertThat(outcome.retryable()).isFalse();
    }

    @Test
    void dataThatDoesNotBindIsAnInvalidEventNamingThePath() {
        FunctionDispatcher dispatcher = dispatcher(function("accept", "accept").build());

        assertThat(await(dispatcher.dispatch(event("accept", "application/json",
                "{\"id\":\"1\",\"quantity\":\"many\"}"), HTTP))).isInstanceOfSatisfying(Outcome.Rejected.class, r -> {
                    assertThat(r.message())
                            .contains("Data does not bind to dev.bindery.internal.invoke.SampleFunctions$Order")
                            .contains("quantity");
                    assertThat(r.attribute()).isEqualTo("data");
                    assertThat(r.invalidEvent()).isTrue();
                    assertThat(r.retryable()).isFalse();
                });
        assertThat(await(dispatcher.dispatch(event("accept", "application/json", "{not json"), HTTP)))
                .isInstanceOfSatisfying(Outcome.Rejected.class, r -> assertThat(r.attribute()).isEqualTo("data"));
        assertThat(await(dispatcher.dispatch(event("accept", "text/csv", "1,a,2"), HTTP)))
                .isInstanceOfSatisfying(Outcome.Rejected.class, r -> {
                    assertThat(r.message()).contains("content type 'text/csv' cannot bind");
                    assertThat(r.attribute()).isEqualTo("datacontenttype");
                });
        assertThat(invocations).containsExactly("accept:Rejected", "accept:Rejected", "accept:Rejected");
    }

    @Test
    void unroutableEventsAndUnknownNamesAreNotFoundWithoutAFunction() {
        FunctionDispatcher dispatcher = dispatcher(function("shout", "shout").build());

        assertThat(await(dispatcher.dispatch(event("whisper", "text/plain", "x"), HTTP)))
                .isInstanceOfSatisfying(Outcome.NotFound.class, missing -> {
                    assertThat(missing.noRoute()).isTrue();
                    assertThat(missing.function()).isEmpty();
                    assertThat(missing.message()).contains("'whisper'");
                });
        assertThat(await(dispatcher.dispatchTo("whisper", event("shout", "text/plain", "x"), HTTP)))
                .isInstanceOfSatisfying(Outcome.NotFound.class, missing -> {
                    assertThat(missing.noRoute()).isTrue();
                    assertThat(missing.message()).isEqualTo("No function is named 'whisper'");
                });
        assertThat(data(dispatcher.dispatchTo("shout", event("anything", "text/plain", "x"), HTTP)))
                .isEqualTo("\"X\"");
        assertThat(invocations).as("no function ran for the unroutable events").containsExactly("shout:Replied");
    }

    @Test
    void anUnserializableReplyIsAHostFailure() {
        FunctionDispatcher dispatcher = dispatcher(function("unserializable", "unserializable").build());

        assertThat(await(dispatcher.dispatch(event("unserializable", "text/plain", "x"), HTTP)))
                .isInstanceOfSatisfying(Outcome.HostFailure.class, failure -> {
                    assertThat(failure.message()).contains("cannot be serialized as JSON");
                    assertThat(failure.name()).isEqualTo("unserializable");
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.traceId()).hasSize(32);
                });
    }

    @Test
    void aHostFailureCarriesTheEventsTraceId() {
        FunctionDispatcher dispatcher = dispatcher(function("unserializable", "unserializable").build());
        CloudEvent traced = CloudEventBuilder.from(event("unserializable", "text/plain", "x"))
                .withExtension("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").build();

        assertThat(await(dispatcher.dispatch(traced, HTTP))).isInstanceOfSatisfying(Outcome.HostFailure.class,
                failure -> assertThat(failure.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThatThrownBy(() -> dispatcher(function("a", "shout").build(), function("a", "fails").build()))
                .hasMessageContaining("Two functions are named 'a'");
    }
}

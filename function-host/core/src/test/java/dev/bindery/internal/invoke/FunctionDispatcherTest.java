package dev.bindery.internal.invoke;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.routing.EventFilter;
import dev.bindery.spi.FunctionFailedException;
import dev.bindery.spi.HostFailureException;
import dev.bindery.spi.InvalidEventException;
import dev.bindery.spi.InvocationListener.Invocation;
import dev.bindery.spi.InvocationListener.Outcome;
import dev.bindery.spi.InvocationListener.Scope;
import dev.bindery.spi.NoMatchingFunctionException;
import dev.bindery.spi.Reply;
import dev.bindery.testing.TestEvents;

class FunctionDispatcherTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final SampleFunctions target = new SampleFunctions();
    private final ExecutorService workers = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-worker"));
    private final List<String> invocations = new ArrayList<>();

    @AfterEach
    void stopWorkers() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private FunctionDefinition.Builder function(String name, String method) {
        Method m = Arrays.stream(SampleFunctions.class.getMethods()).filter(x -> x.getName().equals(method))
                .findFirst().orElseThrow();
        return FunctionDefinition.builder(name, m).target(() -> target).executionMode(ExecutionMode.EVENT_LOOP);
    }

    private FunctionDispatcher dispatcher(FunctionDefinition... functions) {
        return new FunctionDispatcher(List.of(functions), mapper, Map.of(ExecutionMode.WORKER, workers),
                (function, event) -> new Invocation() {
                    @Override
                    public Scope enter() {
                        return Scope.NONE;
                    }

                    @Override
                    public void end(Outcome outcome, Throwable failure, long nanos) {
                        invocations.add(function + ":" + outcome);
                    }
                });
    }

    private static CloudEvent event(String type, String contentType, String data) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/test")).withType(type);
        return data == null ? builder.build() : builder.withData(contentType, data.getBytes(UTF_8)).build();
    }

    private static Reply await(java.util.concurrent.CompletionStage<Reply> stage) {
        return stage.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static Throwable failure(java.util.concurrent.CompletionStage<Reply> stage) {
        try {
            await(stage);
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static String data(Reply reply) {
        return new String(reply.event().orElseThrow().getData().toBytes(), UTF_8);
    }

    @Test
    void bindsPojoAndContextAndRepliesWithDefaultsAndContextOverrides() {
        FunctionDispatcher dispatcher = dispatcher(function("accept", "accept")
                .filters(List.of(EventFilter.typeEquals("com.example.order.placed"))).build());

        Reply reply = await(dispatcher.dispatch(TestEvents.event("http/order-placed.json")));

        CloudEvent out = reply.event().orElseThrow();
        assertThat(out.getType()).isEqualTo("accept.output");
        assertThat(out.getSource()).isEqualTo(URI.create("accept"));
        assertThat(out.getSubject()).isEqualTo("1001");
        assertThat(out.getExtension("tenant")).isEqualTo("acme");
        assertThat(out.getDataContentType()).isEqualTo("application/json");
        assertThat(data(reply)).isEqualTo("{\"id\":\"1001\",\"by\":\"accept\"}");
        assertThat(reply.function()).contains("accept");
        assertThat(invocations).containsExactly("accept:" + Outcome.SUCCESS);
    }

    @Test
    void replyAttributesComeFromTheDefinition() {
        FunctionDispatcher dispatcher = dispatcher(function("shout", "shout").replyType("text.shouted")
                .replySource("/shouter").build());

        CloudEvent out = await(dispatcher.dispatch(event("shout", "text/plain", "hi"))).event().orElseThrow();

        assertThat(out.getType()).isEqualTo("text.shouted");
        assertThat(out.getSource()).isEqualTo(URI.create("/shouter"));
        assertThat(new String(out.getData().toBytes(), UTF_8)).isEqualTo("\"HI\"");
    }

    @Test
    void bindsGenericCollections() {
        FunctionDispatcher dispatcher = dispatcher(function("countItems", "countItems").build());

        Reply reply = await(dispatcher.dispatch(event("countItems", "application/json",
                "[{\"id\":\"1\",\"item\":\"a\",\"quantity\":1},{\"id\":\"2\",\"item\":\"b\",\"quantity\":1}]")));

        assertThat(data(reply)).isEqualTo("2");
    }

    @Test
    void bindsStringsFromTextAndFromJsonStrings() {
        FunctionDispatcher dispatcher = dispatcher(function("shout", "shout").build());

        assertThat(data(await(dispatcher.dispatch(event("shout", "text/plain", "hi there"))))).isEqualTo("\"HI THERE\"");
        assertThat(data(await(dispatcher.dispatch(event("shout", "application/json", "\"json\""))))).isEqualTo("\"JSON\"");
        assertThat(data(await(dispatcher.dispatch(event("shout", null, "{\"a\":1}"))))).isEqualTo("\"{\\\"A\\\":1}\"");
    }

    @Test
    void bytesInBytesOut() {
        FunctionDispatcher dispatcher = dispatcher(function("reverse", "reverse").build());

        CloudEvent out = await(dispatcher.dispatch(event("reverse", "application/octet-stream", "abc"))).event()
                .orElseThrow();

        assertThat(out.getDataContentType()).isEqualTo("application/octet-stream");
        assertThat(new String(out.getData().toBytes(), UTF_8)).isEqualTo("cba");
    }

    @Test
    void bindsJsonNodeFromStructuredEvents() {
        FunctionDispatcher dispatcher = dispatcher(function("tree", "tree").build());

        assertThat(data(await(dispatcher.dispatch(event("tree", "application/json", "{\"nested\":{\"x\":1}}")))))
                .isEqualTo("{\"x\":1}");
    }

    @Test
    void passesTheWholeCloudEventAndCanReturnOne() {
        FunctionDispatcher dispatcher = dispatcher(function("describe", "describe").build(),
                function("forward", "forward").build());

        assertThat(data(await(dispatcher.dispatch(event("describe", null, null))))).isEqualTo("\"describe from /test\"");
        CloudEvent in = event("forward", "text/plain", "x");
        assertThat(await(dispatcher.dispatch(in)).event()).contains(in);
    }

    @Test
    void voidMeansNoReply() {
        FunctionDispatcher dispatcher = dispatcher(function("sink", "sink").build());

        assertThat(await(dispatcher.dispatch(event("sink", "application/json", "{\"id\":\"1\"}"))).event()).isEmpty();
    }

    @Test
    void asyncResultsCompleteTheReply() {
        FunctionDispatcher dispatcher = dispatcher(function("later", "later").build(), function("uni", "uni").build(),
                function("uniFails", "uniFails").build());

        assertThat(data(await(dispatcher.dispatch(event("later", "text/plain", "x"))))).isEqualTo("\"later x\"");
        assertThat(data(await(dispatcher.dispatch(event("uni", "text/plain", "y"))))).isEqualTo("\"uni y\"");
        assertThat(failure(dispatcher.dispatch(event("uniFails", "text/plain", "z"))))
                .isInstanceOf(FunctionFailedException.class).hasMessageContaining("uni failed on z");
    }

    @Test
    void workerFunctionsRunOnTheWorkerExecutor() {
        FunctionDispatcher dispatcher = dispatcher(function("onWorker", "threadName")
                .executionMode(ExecutionMode.WORKER).build(),
                function("onCaller", "threadName").filters(List.of(EventFilter.typeEquals("caller"))).build());

        assertThat(data(await(dispatcher.dispatch(event("onWorker", "text/plain", "x"))))).isEqualTo("\"test-worker\"");
        assertThat(data(await(dispatcher.dispatch(event("caller", "text/plain", "x")))))
                .isEqualTo("\"" + Thread.currentThread().getName() + "\"");
    }

    @Test
    void thrownExceptionsAreRetryableFailuresButRejectionsAreNot() {
        FunctionDispatcher dispatcher = dispatcher(function("fails", "fails").build(),
                function("accept", "accept").build());

        Throwable failed = failure(dispatcher.dispatch(event("fails", "text/plain", "x")));
        assertThat(failed).isInstanceOf(FunctionFailedException.class).hasMessage("Function 'fails' failed: failed on x");
        assertThat(((FunctionFailedException) failed).retryable()).isTrue();

        Throwable rejected = failure(dispatcher.dispatch(event("accept", "application/json",
                "{\"id\":\"1\",\"item\":\"a\",\"quantity\":0}")));
        assertThat(rejected).isInstanceOf(FunctionFailedException.class)
                .hasMessage("Function 'accept' rejected the event: quantity must be greater than 0");
        assertThat(((FunctionFailedException) rejected).retryable()).isFalse();
        assertThat(invocations).containsExactly("fails:" + Outcome.FAILURE, "accept:" + Outcome.REJECTED);
    }

    @Test
    void dataThatDoesNotBindIsAnInvalidEventNamingThePath() {
        FunctionDispatcher dispatcher = dispatcher(function("accept", "accept").build());

        Throwable wrongType = failure(dispatcher.dispatch(event("accept", "application/json",
                "{\"id\":\"1\",\"quantity\":\"many\"}")));
        assertThat(wrongType).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("Data does not bind to dev.bindery.internal.invoke.SampleFunctions$Order")
                .hasMessageContaining("quantity");
        assertThat(((InvalidEventException) wrongType).attribute()).contains("data");

        assertThat(failure(dispatcher.dispatch(event("accept", "application/json", "{not json"))))
                .isInstanceOf(InvalidEventException.class);
        assertThat(failure(dispatcher.dispatch(event("accept", "text/csv", "1,a,2"))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("content type 'text/csv' cannot bind");
        assertThat(invocations).allMatch(i -> i.endsWith(Outcome.INVALID_EVENT.name()));
    }

    @Test
    void unroutableEventsAndUnknownNamesFailWithNoMatch() {
        FunctionDispatcher dispatcher = dispatcher(function("shout", "shout").build());

        assertThat(failure(dispatcher.dispatch(event("whisper", "text/plain", "x"))))
                .isInstanceOf(NoMatchingFunctionException.class).hasMessageContaining("'whisper'");
        assertThat(failure(dispatcher.dispatchTo("whisper", event("shout", "text/plain", "x"))))
                .isInstanceOf(NoMatchingFunctionException.class).hasMessageContaining("No function is named 'whisper'");
        assertThat(data(await(dispatcher.dispatchTo("shout", event("anything", "text/plain", "x")))))
                .isEqualTo("\"X\"");
    }

    @Test
    void anUnserializableReplyIsAHostFailure() {
        FunctionDispatcher dispatcher = dispatcher(function("unserializable", "unserializable").build());

        assertThat(failure(dispatcher.dispatch(event("unserializable", "text/plain", "x"))))
                .isInstanceOf(HostFailureException.class).hasMessageContaining("cannot be serialized as JSON");
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThatThrownBy(() -> dispatcher(function("a", "shout").build(), function("a", "fails").build()))
                .hasMessageContaining("Two functions are named 'a'");
    }
}

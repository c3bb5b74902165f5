package dev.bindery.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.lambda.internal.Priming;
import dev.bindery.lambda.internal.Routing;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;

/**
 * SnapStart priming, run as {@code beforeCheckpoint} runs it, through the host's own dispatcher: every AWS event shape
 * is read, mapped and routed — to functions that would match, a catch-all among them — and its answer encoded, yet no
 * stage (idempotency, telemetry, security: what writes state or records) and no function runs, and no thread is left
 * behind for the snapshot.
 */
class PrimingTest {

    /** As the application's mapper: with Java time support, which S3 and schedule events use. */
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule());

    /** The functions: each records that it ran. */
    public static final class Functions {
        final List<String> runs = new CopyOnWriteArrayList<>();

        public String greet(Object data) {
            runs.add("greet");
            return "hello";
        }

        public void everything(Object data) {
            runs.add("everything");
        }

        public void ingest(Object data) {
            runs.add("ingest");
        }
    }

    private final Functions functions = new Functions();
    private final List<String> staged = new CopyOnWriteArrayList<>();

    /** A stage first in the pipeline: it records every dispatch that reaches the stages. */
    private final Stage recording = new Stage() {
        @Override
        public int order() {
            return 0;
        }

        @Override
        public CompletionStage<Outcome> apply(Dispatch dispatch, Chain next) {
            staged.add(dispatch.function());
            return next.proceed(dispatch);
        }
    };

    private FunctionDispatcher dispatcher(boolean catchAll) {
        List<FunctionDefinition> definitions = new java.util.ArrayList<>(List.of(
                FunctionDefinition.builder("greet", method("greet")).target(() -> functions).build(),
                FunctionDefinition.builder("ingest", method("ingest")).target(() -> functions).build()));
        if (catchAll) {
            definitions.add(FunctionDefinition.builder("everything", method("everything")).target(() -> functions)
                    .filters(List.of(EventFilter.any())).build());
        }
        return new FunctionDispatcher(definitions, MAPPER, Map.of(), List.of(recording));
    }

    private static Method method(String name) {
        return Methods.named(Functions.class, name);
    }

    @Test
    void everyShapeIsRoutedToTheFunctionItWouldReachWithoutRunningAnyStageOrFunction() {
        Priming priming = new Priming(dispatcher(true), MAPPER, new Routing(Map.of("s3.function", "ingest",
                "sns.function", "greet")));

        Priming.Report report = priming.prime();

        assertThat(report.routed().keySet()).containsExactlyInAnyOrder("apigw-v2-binary", "apigw-v1-structured",
                "apigw-v2-plain", "sqs", "sns", "s3", "kinesis", "dynamodb", "eventbridge", "schedule", "cloudevent",
                "pipes", "msk", "direct");
        assertThat(report.routed().get("s3")).as("routed by bindery.lambda.s3.function").containsExactly("ingest");
        assertThat(report.routed().get("sns")).containsExactly("greet");
        assertThat(report.routed().get("sqs")).as("both records, plain and CloudEvent, match the catch-all")
                .containsExactly("everything", "everything");
        assertThat(report.routed().get("kinesis")).containsExactly("everything");
        assertThat(report.routed().get("msk")).as("to the subscribers of topic 'priming': none").isEmpty();
        assertThat(report.routed().get("apigw-v2-binary")).containsExactly("everything");
        assertThat(report.routed().get("apigw-v2-plain")).as("the path names no function").isEmpty();
        assertThat(report.routed().get("direct")).as("names no function").isEmpty();
        assertThat(functions.runs).as("functions run").isEmpty();
        assertThat(staged).as("dispatches that reached the stages").isEmpty();
    }

    @Test
    void withNoFunctionMatchingEveryShapeIsStillPrimed() {
        Priming priming = new Priming(dispatcher(false), MAPPER, new Routing(Map.of()));

        Priming.Report report = priming.prime();

        assertThat(report.routed()).hasSize(14);
        assertThat(report.routed().values()).allMatch(List::isEmpty);
        assertThat(functions.runs).isEmpty();
        assertThat(staged).isEmpty();
    }

    @Test
    void primingLeavesNoThreadBehindForTheSnapshot() {
        Priming priming = new Priming(dispatcher(true), MAPPER, new Routing(Map.of()));
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());

        priming.prime();

        Set<Thread> after = new HashSet<>(Thread.getAllStackTraces().keySet());
        after.removeAll(before);
        assertThat(after).as("threads started by priming").isEmpty();
    }
}

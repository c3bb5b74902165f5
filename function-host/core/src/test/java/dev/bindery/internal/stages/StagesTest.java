package dev.bindery.internal.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.InvocationListener.Scope;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;

/** The dispatcher's pipeline: stages in order around the function, ending it early, failing, scoping the worker. */
class StagesTest {

    private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

    /** The function: tells where it ran and which context was current there. */
    public static class Echo {
        final List<String> log;

        Echo(List<String> log) {
            this.log = log;
        }

        public String echo(String text) {
            log.add("function on " + Thread.currentThread().getName() + " in " + CONTEXT.get());
            return text;
        }
    }

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService workers = Executors.newSingleThreadExecutor(r -> new Thread(r, "stage-worker"));
    private final CloudEvent event = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/test"))
            .withType("echo").withData("text/plain", "hi".getBytes()).build();

    @AfterEach
    void stopWorkers() throws InterruptedException {
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
    }

    private FunctionDispatcher dispatcher(ExecutionMode mode, Stage... stages) throws NoSuchMethodException {
        Echo echo = new Echo(log);
        return new FunctionDispatcher(List.of(FunctionDefinition.builder("echo",
                Echo.class.getMethod("echo", String.class)).target(() -> echo).executionMode(mode).build()),
                new ObjectMapper(), Map.of(ExecutionMode.WORKER, workers), List.of(stages));
    }

    private static Outcome await(CompletionStage<Outcome> stage) {
        return stage.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** A stage that logs before and after the rest of the chain. */
    private Stage logging(int order) {
        return stage(order, (dispatch, next) -> {
            log.add("before " + order + " " + dispatch.function() + " via " + dispatch.request().transport());
            return next.proceed(dispatch).thenApply(outcome -> {
                log.add("after " + order + ": " + outcome.getClass().getSimpleName());
                return outcome;
            });
        });
    }

    private static Stage stage(int order, BiFunction<Stage.Dispatch, Stage.Chain, CompletionStage<Outcome>> apply) {
        return new Stage() {
            @Override
            public int order() {
                return order;
            }

            @Override
            public CompletionStage<Outcome> apply(Dispatch dispatch, Chain next) {
                return apply.apply(dispatch, next);
            }
        };
    }

    /** A stage that makes {@code name} the current {@link #CONTEXT} on the function's thread. */
    private Stage scoping(int order, String name) {
        return stage(order, (dispatch, next) -> {
            dispatch.aroundFunction(() -> {
                log.add("enter " + name + " on " + Thread.currentThread().getName());
                String previous = CONTEXT.get();
                CONTEXT.set(previous == null ? name : previous + "+" + name);
                return () -> {
                    log.add("close " + name + " on " + Thread.currentThread().getName());
                    CONTEXT.set(previous);
                };
            });
            return next.proceed(dispatch);
        });
    }

    @Test
    void stagesRunInTheirOrderAroundTheFunction() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(ExecutionMode.EVENT_LOOP, logging(Stage.IDEMPOTENCY),
                logging(Stage.TELEMETRY), logging(Stage.SECURITY));

        Outcome outcome = await(dispatcher.dispatch(event, DispatchRequest.PUBSUB));

        assertThat(outcome).isInstanceOf(Outcome.Replied.class);
        assertThat(log).containsExactly("before 100 echo via pubsub", "before 200 echo via pubsub",
                "before 300 echo via pubsub", "function on " + Thread.currentThread().getName() + " in null",
                "after 300: Replied", "after 200: Replied", "after 100: Replied");
    }

    @Test
    void aStageCanEndTheDispatchWithoutTheFunction() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(ExecutionMode.WORKER, logging(Stage.TELEMETRY),
                stage(Stage.SECURITY, (dispatch, next) -> CompletableFuture.completedFuture(
                        new Outcome.Denied(dispatch.function(), "caller not allowed", false))),
                logging(Stage.IDEMPOTENCY));

        Outcome outcome = await(dispatcher.dispatch(event, DispatchRequest.HTTP));

        assertThat(outcome).isEqualTo(new Outcome.Denied("echo", "caller not allowed", false));
        assertThat(outcome.retryable()).isFalse();
        assertThat(log).as("the function and later stages never ran; earlier ones saw the outcome")
                .containsExactly("before 100 echo via http", "after 100: Denied");
    }

    @Test
    void aStageThatThrowsIsAHostFailureThatEarlierStagesSee() throws Exception {
        IllegalStateException boom = new IllegalStateException("store unreachable");
        FunctionDispatcher dispatcher = dispatcher(ExecutionMode.WORKER, logging(Stage.TELEMETRY),
                stage(Stage.IDEMPOTENCY, (dispatch, next) -> {
                    throw boom;
                }));

        CompletableFuture<Outcome> result = dispatcher.dispatch(event, DispatchRequest.HTTP).toCompletableFuture();

        assertThat(await(result)).isInstanceOfSatisfying(Outcome.HostFailure.class, failure -> {
            assertThat(failure.name()).isEqualTo("echo");
            assertThat(failure.cause()).isSameAs(boom);
            assertThat(failure.message()).contains("A stage of the pipeline failed", "store unreachable");
            assertThat(failure.retryable()).isTrue();
        });
        assertThat(result).as("completed normally").isCompleted().isNotCompletedExceptionally();
        assertThat(log).containsExactly("before 100 echo via http", "after 100: HostFailure");
    }

    @Test
    void aStageThatCompletesExceptionallyIsAHostFailureToo() throws Exception {
        FunctionDispatcher failingAsync = dispatcher(ExecutionMode.WORKER, stage(Stage.IDEMPOTENCY,
                (dispatch, next) -> CompletableFuture.failedFuture(new IllegalStateException("async boom"))));
        FunctionDispatcher failingAfter = dispatcher(ExecutionMode.WORKER, stage(Stage.TELEMETRY,
                (dispatch, next) -> next.proceed(dispatch).thenApply(outcome -> {
                    throw new IllegalStateException("after boom");
                })));

        assertThat(await(failingAsync.dispatch(event, DispatchRequest.HTTP)))
                .isInstanceOfSatisfying(Outcome.HostFailure.class, failure -> {
                    assertThat(failure.cause()).hasMessage("async boom");
                    assertThat(failure.message()).contains("async boom");
                });
        assertThat(await(failingAfter.dispatch(event, DispatchRequest.HTTP)))
                .isInstanceOfSatisfying(Outcome.HostFailure.class,
                        failure -> assertThat(failure.cause()).hasMessage("after boom"));
        assertThat(log).as("the function ran once, for the second dispatcher").hasSize(1);
    }

    @Test
    void scopesAreEnteredOnTheWorkerThreadInStageOrderAndClosedAfterTheFunction() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(ExecutionMode.WORKER, scoping(Stage.SECURITY, "identity"),
                scoping(Stage.TELEMETRY, "trace"));

        assertThat(await(dispatcher.dispatch(event, DispatchRequest.HTTP))).isInstanceOf(Outcome.Replied.class);

        assertThat(log).containsExactly("enter trace on stage-worker", "enter identity on stage-worker",
                "function on stage-worker in trace+identity", "close identity on stage-worker",
                "close trace on stage-worker");
        assertThat(CONTEXT.get()).as("never entered on the dispatching thread").isNull();
        assertThat(workers.submit(CONTEXT::get).get(5, TimeUnit.SECONDS)).as("restored on the worker").isNull();
    }

    @Test
    void scopesAreClosedWhenTheFunctionFails() throws Exception {
        Echo failing = new Echo(log) {
            @Override
            public String echo(String text) {
                throw new IllegalStateException("failed in " + CONTEXT.get());
            }
        };
        FunctionDispatcher dispatcher = new FunctionDispatcher(List.of(FunctionDefinition.builder("echo",
                Echo.class.getMethod("echo", String.class)).target(() -> failing).build()), new ObjectMapper(),
                Map.of(ExecutionMode.WORKER, workers), List.of(scoping(Stage.TELEMETRY, "trace")));

        assertThat(await(dispatcher.dispatch(event, DispatchRequest.HTTP)))
                .isInstanceOfSatisfying(Outcome.Failed.class,
                        failed -> assertThat(failed.message()).endsWith("failed in trace"));
        assertThat(log).containsExactly("enter trace on stage-worker", "close trace on stage-worker");
    }

    @Test
    void aScopeThatCannotBeEnteredIsAHostFailureAndTheScopesEnteredBeforeAreClosed() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(ExecutionMode.WORKER, scoping(Stage.TELEMETRY, "trace"),
                stage(Stage.SECURITY, (dispatch, next) -> {
                    dispatch.aroundFunction(() -> {
                        throw new IllegalStateException("no identity");
                    });
                    return next.proceed(dispatch);
                }));

        assertThat(await(dispatcher.dispatch(event, DispatchRequest.HTTP)))
                .isInstanceOfSatisfying(Outcome.HostFailure.class, failure -> {
                    assertThat(failure.cause()).hasMessage("no identity");
                    assertThat(failure.name()).isEqualTo("echo");
                });
        assertThat(log).as("the function did not run").containsExactly("enter trace on stage-worker",
                "close trace on stage-worker");
        assertThat(workers.submit(CONTEXT::get).get(5, TimeUnit.SECONDS)).as("restored on the worker").isNull();
    }

    @Test
    void theTelemetryStageStartsOnTheDispatchingThreadEntersOnTheWorkerAndEndsWithTheOutcome() throws Exception {
        List<Outcome> ended = Collections.synchronizedList(new ArrayList<>());
        List<Long> took = Collections.synchronizedList(new ArrayList<>());
        InvocationListener listener = (function, inbound) -> {
            log.add("start " + function + " of " + inbound.getId() + " on " + Thread.currentThread().getName());
            return new InvocationListener.Invocation() {
                @Override
                public Scope enter() {
                    log.add("enter on " + Thread.currentThread().getName());
                    return () -> log.add("close on " + Thread.currentThread().getName());
                }

                @Override
                public void end(Outcome outcome, long nanos) {
                    ended.add(outcome);
                    took.add(nanos);
                }
            };
        };
        FunctionDispatcher dispatcher = dispatcher(ExecutionMode.WORKER, new TelemetryStage(listener));

        Outcome outcome = await(dispatcher.dispatch(event, DispatchRequest.HTTP));

        assertThat(log).containsExactly("start echo of e-1 on " + Thread.currentThread().getName(),
                "enter on stage-worker", "function on stage-worker in null", "close on stage-worker");
        assertThat(ended).containsExactly(outcome);
        assertThat(took).singleElement().satisfies(nanos -> assertThat(nanos).isPositive());
        assertThat(new TelemetryStage(listener).order()).isEqualTo(Stage.TELEMETRY);
    }
}

package dev.bindery.internal.stages;

import static dev.bindery.spi.dispatch.DispatchRequest.BINDING;
import static dev.bindery.spi.dispatch.DispatchRequest.HTTP;
import static dev.bindery.spi.dispatch.DispatchRequest.PUBSUB;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.function.EventRejectedException;
import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.stages.IdempotencyStage.Remember;
import dev.bindery.internal.state.InMemoryStateBackend;
import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateException;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateStore;
import dev.bindery.testing.MutableClock;

class IdempotencyStageTest {

    private static final Duration TTL = Duration.ofHours(1);

    /** The function: counts its runs and fails or rejects when the event asks it to. */
    public static class Apply {
        final List<String> runs = Collections.synchronizedList(new ArrayList<>());

        public String apply(CloudEvent event) {
            runs.add(event.getSource() + "#" + event.getId());
            if ("fail".equals(event.getExtension("outcome"))) {
                throw new IllegalStateException("database down");
            }
            if ("reject".equals(event.getExtension("outcome"))) {
                throw new EventRejectedException("not an order");
            }
            return "applied " + event.getId();
        }
    }

    private final Apply function = new Apply();
    private final MutableClock clock = new MutableClock();
    private final ObjectMapper mapper = new ObjectMapper();
    private final StateStore store = new ScopedStateStore("idempotency", new InMemoryStateBackend(clock),
            KeyScope.none(), ScopedStateStore.Limits.DEFAULT, mapper);
    private final ExecutorService blocking = Executors.newSingleThreadExecutor(r -> new Thread(r, "store-calls"));
    private final ExecutorService worker = Executors.newCachedThreadPool(r -> new Thread(r, "functions"));

    @AfterEach
    void stop() throws InterruptedException {
        blocking.shutdownNow();
        worker.shutdownNow();
        blocking.awaitTermination(5, TimeUnit.SECONDS);
    }

    private FunctionDispatcher dispatcher(String appId, Function<Stage.Dispatch, Optional<Remember>> policy)
            throws NoSuchMethodException {
        return new FunctionDispatcher(List.of(FunctionDefinition.builder("apply",
                Apply.class.getMethod("apply", CloudEvent.class)).target(() -> function)
                .executionMode(ExecutionMode.EVENT_LOOP).build()), mapper, Map.of(),
                List.of(new IdempotencyStage(appId, policy, blocking)));
    }

    private FunctionDispatcher remembering(StateStore in) throws NoSuchMethodException {
        return dispatcher("app", dispatch -> Optional.of(new Remember(in, TTL)));
    }

    private static CloudEvent event(String source, String id) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create(source)).withType("apply").build();
    }

    private static CloudEvent event(String source, String id, String outcome) {
        return CloudEventBuilder.from(event(source, id)).withExtension("outcome", outcome).build();
    }

    private static Outcome await(CompletionStage<Outcome> stage) {
        return stage.toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    void theSameSourceAndIdAgainIsADuplicateThatDoesNotReachTheFunction() throws Exception {
        FunctionDispatcher dispatcher = remembering(store);

        Outcome first = await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB));
        Outcome second = await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB));

        assertThat(first).isInstanceOf(Outcome.Replied.class);
        assertThat(second).isEqualTo(new Outcome.NoReply("apply", true));
        assertThat(second.succeeded()).isTrue();
        assertThat(function.runs).containsExactly("/shop#o-1");
    }

    @Test
    void aFailedAttemptIsNotRememberedSoTheRetryRuns() throws Exception {
        FunctionDispatcher dispatcher = remembering(store);

        assertThat(await(dispatcher.dispatch(event("/shop", "o-1", "fail"), PUBSUB)))
                .isInstanceOf(Outcome.Failed.class);
        assertThat(await(dispatcher.dispatch(event("/shop", "o-2", "reject"), PUBSUB)))
                .isInstanceOf(Outcome.Rejected.class);
        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(event("/shop", "o-2"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB)))
                .isEqualTo(new Outcome.NoReply("apply", true));

        assertThat(function.runs).containsExactly("/shop#o-1", "/shop#o-2", "/shop#o-1", "/shop#o-2");
    }

    @Test
    void anEmptyPolicyLetsDuplicatesThrough() throws Exception {
        FunctionDispatcher dispatcher = dispatcher("app", dispatch -> Optional.empty());

        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);

        assertThat(function.runs).containsExactly("/shop#o-1", "/shop#o-1");
    }

    @Test
    void theSameIdFromAnotherSourceIsNotADuplicate() throws Exception {
        FunctionDispatcher dispatcher = remembering(store);

        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(event("/warehouse", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);

        assertThat(function.runs).containsExactly("/shop#o-1", "/warehouse#o-1");
    }

    @Test
    void aSourceAndIdThatJoinToTheSameTextAreStillTwoEvents() throws Exception {
        FunctionDispatcher dispatcher = remembering(store);

        assertThat(await(dispatcher.dispatch(event("/a", "b/c"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(event("/a/b", "c"), PUBSUB))).isInstanceOf(Outcome.Replied.class);

        assertThat(function.runs).containsExactly("/a#b/c", "/a/b#c");
    }

    @Test
    void thePolicyChoosesTheTransportsAndAnEventIsTheSameOnEach() throws Exception {
        FunctionDispatcher dispatcher = dispatcher("app", dispatch -> dispatch.request().transport().equals(HTTP)
                ? Optional.empty()
                : Optional.of(new Remember(store, TTL)));

        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), BINDING)))
                .isEqualTo(new Outcome.NoReply("apply", true));
        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), HTTP))).isInstanceOf(Outcome.Replied.class);

        assertThat(function.runs).containsExactly("/shop#o-1", "/shop#o-1");
    }

    @Test
    void applicationsSharingAStoreDoNotSeeEachOthersEvents() throws Exception {
        FunctionDispatcher billing = dispatcher("billing", dispatch -> Optional.of(new Remember(store, TTL)));
        FunctionDispatcher shipping = dispatcher("shipping", dispatch -> Optional.of(new Remember(store, TTL)));

        assertThat(await(billing.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(shipping.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(billing.dispatch(event("/shop", "o-1"), PUBSUB)))
                .isEqualTo(new Outcome.NoReply("apply", true));

        assertThat(function.runs).hasSize(2);
    }

    @Test
    void anEventIsRememberedForTheTimeToLive() throws Exception {
        FunctionDispatcher dispatcher = remembering(store);

        await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB));
        clock.advance(TTL.minusSeconds(1));
        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB)))
                .isEqualTo(new Outcome.NoReply("apply", true));
        clock.advance(Duration.ofSeconds(1));
        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);

        assertThat(function.runs).containsExactly("/shop#o-1", "/shop#o-1");
    }

    @Test
    void theStoreIsCalledOnTheBlockingExecutor() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        FunctionDispatcher dispatcher = remembering(observed(store, calls, null));

        await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB));
        await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB));

        assertThat(calls).containsExactly("get on store-calls", "save on store-calls", "get on store-calls");
    }

    @Test
    void aStoreThatCannotBeReadIsARetryableHostFailureAndTheFunctionDoesNotRun() throws Exception {
        FunctionDispatcher dispatcher = remembering(observed(store, new ArrayList<>(), "get"));

        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB)))
                .isInstanceOfSatisfying(Outcome.HostFailure.class, failure -> {
                    assertThat(failure.retryable()).isTrue();
                    assertThat(failure.name()).isEqualTo("apply");
                    assertThat(failure.cause()).hasMessage("get failed");
                });
        assertThat(function.runs).isEmpty();
    }

    @Test
    void anEventThatCannotBeRememberedWasStillProcessed() throws Exception {
        FunctionDispatcher dispatcher = remembering(observed(store, new ArrayList<>(), "save"));

        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(event("/shop", "o-1"), PUBSUB)))
                .as("at least once: not remembered, so run again").isInstanceOf(Outcome.Replied.class);
        assertThat(function.runs).hasSize(2);
    }

    /** A function that counts in the store that remembers its events: read, add one, save with the ETag. */
    public static class Count {
        final StateStore state;
        final List<String> runs = Collections.synchronizedList(new ArrayList<>());
        volatile Runnable beforeReturn = () -> {
        };

        Count(StateStore state) {
            this.state = state;
        }

        public String count(CloudEvent event) {
            runs.add(event.getId());
            Optional<StateItem> current = state.get("count");
            int count = current.map(item -> item.value(Integer.class)).orElse(0);
            String etag = state.save("count", count + 1, current.map(item -> SaveOptions.ifMatch(item.etag()))
                    .orElse(SaveOptions.ifAbsent()));
            state.save("last", event.getId());
            assertThat(state.get("count").orElseThrow().etag()).as("reads see the function's own writes")
                    .isEqualTo(etag);
            if ("fail".equals(event.getExtension("outcome"))) {
                throw new IllegalStateException("failed after writing");
            }
            beforeReturn.run();
            return "count " + (count + 1);
        }
    }

    private FunctionDispatcher counting(Count count, StateStore marks) throws NoSuchMethodException {
        return new FunctionDispatcher(List.of(FunctionDefinition.builder("count",
                Count.class.getMethod("count", CloudEvent.class)).target(() -> count)
                .executionMode(ExecutionMode.WORKER).build()), mapper, Map.of(ExecutionMode.WORKER, worker),
                List.of(new IdempotencyStage("app", dispatch -> Optional.of(new Remember(marks, TTL)), blocking)));
    }

    private static CloudEvent counted(String id, String outcome) {
        CloudEventBuilder event = CloudEventBuilder.v1().withId(id).withSource(URI.create("/shop")).withType("count");
        return (outcome == null ? event : event.withExtension("outcome", outcome)).build();
    }

    private int count(StateStore in) {
        return in.get("count").map(item -> item.value(Integer.class)).orElse(0);
    }

    @Test
    void theFunctionsWritesAndTheMarkCommitTogether() throws Exception {
        Count count = new Count(store);
        FunctionDispatcher dispatcher = counting(count, store);

        assertThat(await(dispatcher.dispatch(counted("o-1", null), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(counted("o-1", null), PUBSUB)))
                .isEqualTo(new Outcome.NoReply("count", true));

        assertThat(count(store)).isEqualTo(1);
        assertThat(store.get("last").orElseThrow().value(String.class)).isEqualTo("o-1");
        assertThat(count.runs).containsExactly("o-1");
    }

    @Test
    void aFailedFunctionsWritesAreDropped() throws Exception {
        Count count = new Count(store);
        FunctionDispatcher dispatcher = counting(count, store);

        assertThat(await(dispatcher.dispatch(counted("o-1", "fail"), PUBSUB))).isInstanceOf(Outcome.Failed.class);
        assertThat(count(store)).isZero();
        assertThat(store.get("last")).isEmpty();

        assertThat(await(dispatcher.dispatch(counted("o-1", null), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(count(store)).isEqualTo(1);
    }

    /**
     * The defect this stage had: the mark was written after the function's own writes, so losing it (a crash, a store
     * error) left the writes applied and the event unremembered, and the redelivery applied them again.
     */
    @Test
    void whenTheMarkCannotBeWrittenNeitherAreTheFunctionsWritesSoTheRedeliveryAppliesThemOnce() throws Exception {
        FailingBackend backend = new FailingBackend(new InMemoryStateBackend(clock), "processed/");
        StateStore failing = new ScopedStateStore("idempotency", backend, KeyScope.none(),
                ScopedStateStore.Limits.DEFAULT, mapper);
        Count count = new Count(failing);
        FunctionDispatcher dispatcher = counting(count, failing);

        backend.failing = true;
        assertThat(await(dispatcher.dispatch(counted("o-1", null), PUBSUB)))
                .isInstanceOfSatisfying(Outcome.HostFailure.class, failure -> assertThat(failure.retryable()).isTrue());
        assertThat(count(failing)).as("nothing applied").isZero();

        backend.failing = false;
        assertThat(await(dispatcher.dispatch(counted("o-1", null), PUBSUB))).isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher.dispatch(counted("o-1", null), PUBSUB)))
                .isEqualTo(new Outcome.NoReply("count", true));
        assertThat(count(failing)).as("applied once").isEqualTo(1);
    }

    @Test
    void aWriterThatChangedWhatTheFunctionWroteBeforeItCommittedMakesItRunAgainOnFreshReads() throws Exception {
        Count count = new Count(store);
        FunctionDispatcher dispatcher = counting(count, store);
        ExecutorService elsewhere = Executors.newSingleThreadExecutor();
        count.beforeReturn = () -> {
            count.beforeReturn = () -> {
            };
            try {
                elsewhere.submit(() -> store.save("count", 10)).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        Outcome outcome = await(dispatcher.dispatch(counted("o-1", null), PUBSUB));
        elsewhere.shutdown();

        assertThat(outcome).isInstanceOf(Outcome.Replied.class);
        assertThat(count(store)).isEqualTo(11);
        assertThat(count.runs).containsExactly("o-1", "o-1");
    }

    @Test
    void ofTwoDeliveriesOfOneEventAtOnceOnlyOneApplies() throws Exception {
        Count count = new Count(store);
        FunctionDispatcher dispatcher = counting(count, store);
        List<Outcome> inner = new ArrayList<>();
        count.beforeReturn = () -> {
            count.beforeReturn = () -> {
            };
            // the redelivery arrives while the first delivery runs, before it is remembered
            inner.add(await(dispatcher.dispatch(counted("o-1", null), PUBSUB)));
        };

        Outcome outer = await(dispatcher.dispatch(counted("o-1", null), PUBSUB));

        assertThat(inner).singleElement().isInstanceOf(Outcome.Replied.class);
        assertThat(outer).isEqualTo(new Outcome.NoReply("count", true));
        assertThat(count(store)).isEqualTo(1);
    }

    /** The store, telling which of its methods ran on which thread, and failing {@code failing} calls. */
    private static StateStore observed(StateStore store, List<String> calls, String failing) {
        return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[]{StateStore.class},
                (proxy, method, args) -> {
                    calls.add(method.getName() + " on " + Thread.currentThread().getName());
                    if (method.getName().equals(failing)) {
                        throw new IllegalStateException(failing + " failed");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A backend whose writes of keys with the prefix fail while {@code failing} is set, as a lost store would. */
    private static final class FailingBackend implements StateBackend {
        final StateBackend backend;
        final String prefix;
        volatile boolean failing;

        FailingBackend(StateBackend backend, String prefix) {
            this.backend = backend;
            this.prefix = prefix;
        }

        private void check(String key) {
            if (failing && key.startsWith(prefix)) {
                throw new StateException("the store is gone", null);
            }
        }

        @Override
        public Optional<Stored> get(String key) {
            return backend.get(key);
        }

        @Override
        public String put(String key, byte[] value, String expectedEtag, boolean ifAbsent, Duration ttl) {
            check(key);
            return backend.put(key, value, expectedEtag, ifAbsent, ttl);
        }

        @Override
        public void remove(String key, String expectedEtag) {
            check(key);
            backend.remove(key, expectedEtag);
        }

        @Override
        public void apply(List<Write> writes) {
            writes.forEach(write -> check(write.key()));
            backend.apply(writes);
        }

        @Override
        public List<String> keys(String keyPrefix, int limit) {
            return backend.keys(keyPrefix, limit);
        }

        @Override
        public void close() {
        }
    }
}

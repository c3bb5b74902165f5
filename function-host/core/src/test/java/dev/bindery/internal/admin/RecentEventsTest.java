package dev.bindery.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.function.EventRejectedException;
import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.spi.dispatch.DispatchRequest;

/** The recent events: a bounded ring, newest first, safe for many writers, and the stage that fills it. */
class RecentEventsTest {

    private static RecentEvent event(String id) {
        return new RecentEvent(0, Instant.now(), "http", id, "greet", "/test", null, "greet", "success", 1.5, null,
                "application/json", null, null);
    }

    @Test
    void keepsOnlyTheLastCapacityEventsNewestFirst() {
        RecentEvents events = new RecentEvents(3);
        for (int i = 1; i <= 10; i++) {
            events.add(event("e-" + i));
        }
        assertThat(events.newestFirst(100)).extracting(RecentEvent::id).containsExactly("e-10", "e-9", "e-8");
        assertThat(events.newestFirst(100)).extracting(RecentEvent::seq).containsExactly(10L, 9L, 8L);
        assertThat(events.newestFirst(2)).extracting(RecentEvent::id).containsExactly("e-10", "e-9");
    }

    @Test
    void anEmptyRingHasNoEventsAndACapacityBelowOneIsRefused() {
        assertThat(new RecentEvents(5).newestFirst(5)).isEmpty();
        assertThatThrownBy(() -> new RecentEvents(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.admin.events.capacity");
    }

    @Test
    void concurrentWritersNeitherLoseTheLastEventsNorGrowTheRing() throws Exception {
        int writers = 8;
        int perWriter = 5_000;
        int capacity = 64;
        RecentEvents events = new RecentEvents(capacity);
        Set<Long> told = Collections.synchronizedSet(new HashSet<>());
        events.subscribe(event -> told.add(event.seq()));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            running.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perWriter; i++) {
                    events.add(event(writer + "-" + i));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writing : running) {
            writing.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long total = (long) writers * perWriter;
        List<RecentEvent> kept = events.newestFirst(Integer.MAX_VALUE);
        // bounded; every slot holds one of the last events written, each once, in order
        assertThat(kept).hasSizeLessThanOrEqualTo(capacity).hasSizeGreaterThan(capacity - writers);
        assertThat(kept.get(0).seq()).isEqualTo(total);
        assertThat(kept).extracting(RecentEvent::seq).doesNotHaveDuplicates()
                .allMatch(seq -> seq > total - capacity).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        // every event was numbered once and told to the subscriber
        assertThat(told).hasSize((int) total).containsAll(LongStream.rangeClosed(1, total).boxed().toList());
    }

    @Test
    void aClosedOrFailingSubscriberIsToldNoMoreAndNeverFailsTheWriter() {
        RecentEvents events = new RecentEvents(4);
        List<String> seen = new ArrayList<>();
        Runnable close = events.subscribe(event -> seen.add(event.id()));
        events.subscribe(event -> {
            throw new IllegalStateException("a broken live view");
        });
        events.add(event("a"));
        close.run();
        events.add(event("b"));
        assertThat(seen).containsExactly("a");
        assertThat(events.newestFirst(4)).extracting(RecentEvent::id).containsExactly("b", "a");
    }

    /** The function of the stage's tests. */
    public static class Greeter {
        public String greet(String name) {
            if (name.equals("nobody")) {
                throw new EventRejectedException("no one to greet");
            }
            return "Hello, " + name;
        }
    }

    private static CloudEvent greet(String id, String data) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("/test")).withType("greet")
                .withSubject("s-" + id)
                .withExtension("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .withData("application/json", data.getBytes()).build();
    }

    private static FunctionDispatcher dispatcher(RecentEventsStage stage) throws NoSuchMethodException {
        Greeter greeter = new Greeter();
        return new FunctionDispatcher(List.of(FunctionDefinition.builder("greet",
                Greeter.class.getMethod("greet", String.class)).target(() -> greeter)
                .executionMode(ExecutionMode.EVENT_LOOP).build()), new ObjectMapper(), Map.of(), List.of(stage));
    }

    @Test
    void theStageRecordsEveryInvocationWithItsTransportOutcomeAndTrace() throws Exception {
        RecentEvents events = new RecentEvents(10);
        FunctionDispatcher dispatcher = dispatcher(new RecentEventsStage(events, false, new ObjectMapper(),
                () -> null));
        dispatcher.dispatch(DispatchRequest.routed(greet("1", "\"Ada\""), DispatchRequest.HTTP))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        dispatcher.dispatch(DispatchRequest.to("greet", greet("2", "\"nobody\""), DispatchRequest.BINDING))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<RecentEvent> recorded = events.newestFirst(10);
        assertThat(recorded).extracting(RecentEvent::id, RecentEvent::transport, RecentEvent::function,
                RecentEvent::outcome, RecentEvent::subject).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2", "binding", "greet", "rejected", "s-2"),
                        org.assertj.core.groups.Tuple.tuple("1", "http", "greet", "success", "s-1"));
        assertThat(recorded).allSatisfy(event -> {
            assertThat(event.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(event.durationMs()).isGreaterThanOrEqualTo(0);
            assertThat(event.data()).isNull();
        });
    }

    @Test
    void theStageKeepsTheDataOnlyWhenAskedAndTakesTheFunctionsTrace() throws Exception {
        RecentEvents events = new RecentEvents(10);
        FunctionDispatcher dispatcher = dispatcher(new RecentEventsStage(events, true, new ObjectMapper(),
                () -> "0af7651916cd43dd8448eb211c80319c"));
        dispatcher.dispatch(DispatchRequest.routed(greet("1", "\"Ada\""), DispatchRequest.HTTP))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        RecentEvent recorded = events.newestFirst(1).get(0);
        assertThat(recorded.data().asText()).isEqualTo("Ada");
        assertThat(recorded.dataBase64()).isNull();
        assertThat(recorded.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }
}

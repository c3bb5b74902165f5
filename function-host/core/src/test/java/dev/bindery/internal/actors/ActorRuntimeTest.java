package dev.bindery.internal.actors;

import static dev.bindery.testing.ActorTestHost.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bindery.actors.ActorClient;
import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ActorLifecycle;
import dev.bindery.actors.ActorStateLimitException;
import dev.bindery.actors.ReminderOptions;
import dev.bindery.actors.Schedule;
import dev.bindery.internal.state.InMemoryStateBackend;
import dev.bindery.invocation.InvocationException;
import dev.bindery.invocation.InvocationFailedException;
import dev.bindery.invocation.InvocationNotFoundException;
import dev.bindery.invocation.InvocationRejectedException;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.testing.ActorTestHost;
import dev.bindery.testing.ActorTestHost.TypeSpec;

class ActorRuntimeTest {

    /** A counter actor that records what happens to it. */
    public static class Counter implements ActorLifecycle {
        static final AtomicInteger INSIDE = new AtomicInteger();
        static final AtomicInteger MOST_INSIDE = new AtomicInteger();
        static final List<String> LIFECYCLE = new CopyOnWriteArrayList<>();
        static volatile ActorClient client;
        static volatile CountDownLatch gate = new CountDownLatch(0);

        public int increment(int by, ActorContext actor) {
            int inside = INSIDE.incrementAndGet();
            MOST_INSIDE.accumulateAndGet(inside, Math::max);
            try {
                int value = actor.state().get("count", Integer.class).orElse(0) + by;
                actor.state().set("count", value);
                return value;
            } finally {
                INSIDE.decrementAndGet();
            }
        }

        public int get(ActorContext actor) {
            return actor.state().get("count", Integer.class).orElse(0);
        }

        public void failAfterWriting(ActorContext actor) {
            actor.state().set("count", -1);
            throw new IllegalStateException("failed on purpose");
        }

        public void writeTooMuch(ActorContext actor) {
            actor.state().set("big", "x".repeat(4096));
        }

        public int getThroughClient(ActorContext actor) {
            return client.call(actor.type(), actor.id(), "get", null, Integer.class);
        }

        public int recurse(int depth, ActorContext actor) {
            return depth <= 1 ? 1 : 1 + client.call(actor.type(), actor.id(), "recurse", depth - 1, Integer.class);
        }

        public void waitAtGate(ActorContext actor) throws InterruptedException {
            int inside = INSIDE.incrementAndGet();
            MOST_INSIDE.accumulateAndGet(inside, Math::max);
            try {
                gate.await(5, TimeUnit.SECONDS);
            } finally {
                INSIDE.decrementAndGet();
            }
        }

        public void tick(ActorContext actor) {
            actor.state().set("ticks", actor.state().get("ticks", Integer.class).orElse(0) + 1);
        }

        public int ticks(ActorContext actor) {
            return actor.state().get("ticks", Integer.class).orElse(0);
        }

        public void startTimer(int times, ActorContext actor) {
            actor.timers().register("t", Schedule.in(Duration.ofMillis(20)).every(Duration.ofMillis(20)).times(times),
                    "tick", null);
        }

        public void remindEvery(int millis, ActorContext actor) {
            actor.reminders().register("r", Schedule.in(Duration.ofMillis(millis)).every(Duration.ofMillis(millis)),
                    null, ReminderOptions.defaults().callback("tick"));
        }

        public void stopReminder(ActorContext actor) {
            actor.reminders().cancel("r");
        }

        public void remindFailing(ActorContext actor) {
            actor.reminders().register("bad", Schedule.in(Duration.ofMillis(10)), "payload",
                    ReminderOptions.defaults().callback("failAfterWriting").retry(2, Duration.ofMillis(10)));
        }

        @Override
        public void onActivate(ActorContext context) {
            LIFECYCLE.add("activate " + context.id());
        }

        @Override
        public void onDeactivate(ActorContext context) {
            LIFECYCLE.add("deactivate " + context.id());
        }
    }

    private final StateBackend backend = new InMemoryStateBackend();
    private final List<ActorTestHost> hosts = new ArrayList<>();

    @BeforeEach
    void reset() {
        Counter.INSIDE.set(0);
        Counter.MOST_INSIDE.set(0);
        Counter.LIFECYCLE.clear();
        Counter.gate = new CountDownLatch(0);
    }

    @AfterEach
    void close() {
        hosts.forEach(ActorTestHost::close);
    }

    private ActorTestHost host(Duration idle, boolean reentrant) {
        ActorTestHost host = new ActorTestHost(backend, List.of(new TypeSpec("Counter", Counter.class, Counter::new,
                idle, reentrant, 4)), ActorTestHost.settings("app", null), Clock.systemUTC(), null);
        hosts.add(host);
        Counter.client = host.client;
        return host;
    }

    @Test
    void aThousandConcurrentCallsToOneActorRunOneAtATimeAndLoseNoIncrement() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(actors.callAsync("Counter", "c1", "increment", 1, Integer.class).toCompletableFuture());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();

        assertThat(actors.call("Counter", "c1", "get", null, Integer.class)).isEqualTo(1000);
        assertThat(calls.stream().map(CompletableFuture::join).distinct().count()).isEqualTo(1000);
        assertThat(Counter.MOST_INSIDE.get()).isEqualTo(1);
        assertThat(backend.get("app||Counter||c1||count")).get()
                .satisfies(stored -> assertThat(new String(stored.value())).isEqualTo("1000"));
    }

    @Test
    void callsToOneActorFromOneCallerRunInTheOrderTheyWereMade() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            calls.add(actors.callAsync("Counter", "ordered", "increment", 1, Integer.class).toCompletableFuture());
        }
        for (int i = 0; i < calls.size(); i++) {
            assertThat(calls.get(i).join()).isEqualTo(i + 1);
        }
    }

    @Test
    void differentActorsRunTheirTurnsAtTheSameTime() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        Counter.gate = new CountDownLatch(1);
        CompletableFuture<Void> first = actors.callAsync("Counter", "a", "waitAtGate", null, Void.class)
                .toCompletableFuture();
        CompletableFuture<Void> second = actors.callAsync("Counter", "b", "waitAtGate", null, Void.class)
                .toCompletableFuture();
        await(Duration.ofSeconds(5), () -> Counter.INSIDE.get() == 2);
        Counter.gate.countDown();
        CompletableFuture.allOf(first, second).join();
        assertThat(Counter.MOST_INSIDE.get()).isEqualTo(2);
    }

    @Test
    void aTurnThatFailsLeavesTheStateAsItWas() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        actors.call("Counter", "c2", "increment", 5, Integer.class);

        assertThatThrownBy(() -> actors.call("Counter", "c2", "failAfterWriting", null, Void.class))
                .isInstanceOf(InvocationFailedException.class).hasMessageContaining("failed on purpose");

        assertThat(actors.call("Counter", "c2", "get", null, Integer.class)).isEqualTo(5);
        assertThat(new String(backend.get("app||Counter||c2||count").orElseThrow().value())).isEqualTo("5");
    }

    @Test
    void aValueOverTheLimitIsATypedRejection() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        assertThatThrownBy(() -> actors.call("Counter", "c3", "writeTooMuch", null, Void.class))
                .isInstanceOf(InvocationRejectedException.class)
                .hasMessageContaining("over the limit of 1024")
                .hasRootCauseInstanceOf(ActorStateLimitException.class);
        assertThat(backend.get("app||Counter||c3||big")).isEmpty();
    }

    @Test
    void anUnknownMethodOrTypeIsNotFound() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        assertThatThrownBy(() -> actors.call("Counter", "c4", "nope", null, Void.class))
                .isInstanceOf(InvocationNotFoundException.class).hasMessageContaining("has a method 'nope'");
        assertThatThrownBy(() -> actors.call("Basket", "c4", "get", null, Void.class))
                .isInstanceOf(InvocationNotFoundException.class).hasMessageContaining("No actor type 'Basket'");
    }

    @Test
    void aCallBackIntoTheSameChainIsRefusedAtOnceWhenReentrancyIsOff() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        // the inner call is refused at once (no deadlock), which fails the outer method
        assertThatThrownBy(() -> actors.call("Counter", "c5", "getThroughClient", null, Integer.class))
                .isInstanceOf(InvocationFailedException.class)
                .hasMessageContaining("does not allow reentrancy");
    }

    @Test
    void aReentrantTypeMayBeCalledBackByItsChainUpToTheMaximumDepth() {
        ActorClient actors = host(Duration.ofMinutes(1), true).client;
        assertThat(actors.call("Counter", "c6", "recurse", 3, Integer.class)).isEqualTo(3);
        assertThatThrownBy(() -> actors.call("Counter", "c6", "recurse", 10, Integer.class))
                .isInstanceOf(InvocationException.class)
                .hasMessageContaining("more than 4 times");
    }

    @Test
    void anIdleActorIsDeactivatedAndActivatedAgainOnTheNextCall() {
        ActorTestHost host = host(Duration.ofMillis(100), false);
        host.client.call("Counter", "c7", "increment", 1, Integer.class);
        assertThat(host.runtime.activeCount()).isEqualTo(1);

        await(Duration.ofSeconds(5), () -> host.runtime.activeCount() == 0);
        assertThat(Counter.LIFECYCLE).containsExactly("activate c7", "deactivate c7");
        assertThat(backend.get("app||Counter||c7||$lease")).as("the lease is let go").isEmpty();

        assertThat(host.client.call("Counter", "c7", "increment", 1, Integer.class)).isEqualTo(2);
        assertThat(Counter.LIFECYCLE).containsExactly("activate c7", "deactivate c7", "activate c7");
    }

    @Test
    void aTimerCallsItsMethodAsTurnsAndStopsAfterItsRepetitions() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        actors.call("Counter", "c8", "startTimer", 3, Void.class);
        await(Duration.ofSeconds(5), () -> actors.call("Counter", "c8", "ticks", null,
                Integer.class) == 3);
        sleep(150);
        assertThat(actors.call("Counter", "c8", "ticks", null, Integer.class)).isEqualTo(3);
    }

    @Test
    void aReminderIsItsOwnEntryAndFiresUntilCancelled() {
        ActorClient actors = host(Duration.ofMinutes(1), false).client;
        actors.call("Counter", "c9", "remindEvery", 50, Void.class);
        assertThat(backend.get("app||Counter||c9||$reminder||r")).isPresent();

        await(Duration.ofSeconds(5), () -> actors.call("Counter", "c9", "ticks", null,
                Integer.class) >= 3);
        actors.call("Counter", "c9", "stopReminder", null, Void.class);
        int stopped = actors.call("Counter", "c9", "ticks", null, Integer.class);
        sleep(200);
        assertThat(actors.call("Counter", "c9", "ticks", null, Integer.class)).isEqualTo(stopped);
        assertThat(backend.get("app||Counter||c9||$reminder||r")).isEmpty();
    }

    @Test
    void aReminderKeepsFiringAfterTheHostRestartsOnceForEachDueTime() {
        ActorTestHost first = host(Duration.ofMinutes(1), false);
        first.client.call("Counter", "c10", "remindEvery", 100, Void.class);
        await(Duration.ofSeconds(5), () -> first.client.call("Counter", "c10", "ticks", null,
                Integer.class) >= 2);
        first.close();
        hosts.remove(first);
        int before = Integer.parseInt(new String(backend.get("app||Counter||c10||ticks").orElseThrow().value()));

        ActorTestHost second = host(Duration.ofMinutes(1), false);
        await(Duration.ofSeconds(5), () -> second.client.call("Counter", "c10", "ticks", null,
                Integer.class) >= before + 3);
        List<String> claims = backend.keys("app||Counter||c10||$fired||r||", 1000);
        int ticks = second.client.call("Counter", "c10", "ticks", null, Integer.class);
        assertThat(claims).as("one claim per due time fired").hasSizeGreaterThanOrEqualTo(ticks)
                .doesNotHaveDuplicates();
    }

    @Test
    void aReminderWhoseCallbackKeepsFailingIsRetriedThenDeadLettered() {
        ActorTestHost host = host(Duration.ofMinutes(1), false);
        host.client.call("Counter", "c11", "remindFailing", null, Void.class);
        await(Duration.ofSeconds(5), () -> !host.deadLetters.isEmpty());
        assertThat(host.deadLetters.get(0).getExtension("dlqattempts")).isEqualTo(3);
        assertThat(host.deadLetters.get(0).getExtension("dlqreason").toString()).contains("failed on purpose");
        await(Duration.ofSeconds(5), () -> backend.get("app||Counter||c11||$reminder||bad").isEmpty());
    }

    @Test
    void aStaleActivationCannotSaveAfterAnotherTookTheLeaseOver() throws Exception {
        ActorTestHost oldOwner = host(Duration.ofMinutes(1), false);
        oldOwner.client.call("Counter", "c12", "increment", 1, Integer.class);
        Counter.gate = new CountDownLatch(1);
        // the old activation is inside a turn when another run of the member takes the lease over
        CompletableFuture<Void> stalled = oldOwner.client.callAsync("Counter", "c12", "waitAtGate", null, Void.class)
                .toCompletableFuture();
        await(Duration.ofSeconds(5), () -> Counter.INSIDE.get() == 1);
        ActorTestHost newOwner = host(Duration.ofMinutes(1), false);
        assertThat(newOwner.client.call("Counter", "c12", "increment", 10, Integer.class)).isEqualTo(11);

        Counter.gate.countDown();
        stalled.join();
        // the old activation's next write is refused; the client's retry runs on a fresh activation with the
        // saved state
        assertThat(oldOwner.client.call("Counter", "c12", "increment", 100, Integer.class)).isEqualTo(111);
        assertThat(new String(backend.get("app||Counter||c12||count").orElseThrow().value())).isEqualTo("111");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

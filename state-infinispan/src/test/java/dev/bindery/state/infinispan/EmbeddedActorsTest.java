package dev.bindery.state.infinispan;

import static dev.bindery.testing.ActorTestHost.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ReminderOptions;
import dev.bindery.actors.Schedule;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.testing.ActorTestHost;
import dev.bindery.testing.ActorTestHost.TypeSpec;

/**
 * Actors on the default store: embedded Infinispan persisted to a data directory, one member. State and reminders are
 * on disk, so they outlive the host.
 */
class EmbeddedActorsTest {

    /** A counter with a heartbeat. */
    public static class Counter {
        public int increment(int by, ActorContext actor) {
            int value = actor.state().get("count", Integer.class).orElse(0) + by;
            actor.state().set("count", value);
            return value;
        }

        public int get(ActorContext actor) {
            return actor.state().get("count", Integer.class).orElse(0);
        }

        public void tick(ActorContext actor) {
            actor.state().set("ticks", actor.state().get("ticks", Integer.class).orElse(0) + 1);
        }

        public int ticks(ActorContext actor) {
            return actor.state().get("ticks", Integer.class).orElse(0);
        }

        public void remindEvery(int millis, ActorContext actor) {
            actor.reminders().register("beat", Schedule.in(Duration.ofMillis(millis)).every(Duration.ofMillis(
                    millis)), null, ReminderOptions.defaults().callback("tick"));
        }
    }

    @TempDir
    Path dataDir;
    private StateBackend backend;
    private ActorTestHost host;

    private ActorTestHost start() {
        backend = new InfinispanStateStoreProvider().open(new StoreSettings("actors", Map.of(
                "data-dir", dataDir.toString())));
        host = new ActorTestHost(backend, List.of(new TypeSpec("Counter", Counter.class, Counter::new,
                Duration.ofMinutes(10), false, 32)), ActorTestHost.settings("app", null), Clock.systemUTC(), null);
        return host;
    }

    private void stop() {
        host.close();
        backend.close();
    }

    @AfterEach
    void close() {
        if (host != null) {
            stop();
        }
    }

    private int storedTicks() {
        return Integer.parseInt(new String(backend.get("app||Counter||r||ticks").orElseThrow().value()));
    }

    @Test
    void aThousandConcurrentCallsGiveAnExactCountThatSurvivesARestart() {
        ActorTestHost first = start();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            calls.add(first.client.callAsync("Counter", "c", "increment", 1, Integer.class).toCompletableFuture());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        stop();

        ActorTestHost second = start();
        assertThat(second.client.call("Counter", "c", "get", null, Integer.class)).isEqualTo(1000);
    }

    @Test
    void aReminderFiresAgainAfterTheHostRestartsWithoutTheActorBeingCalled() {
        ActorTestHost first = start();
        first.client.call("Counter", "r", "remindEvery", 100, Void.class);
        await(Duration.ofSeconds(10), () -> first.client.call("Counter", "r", "ticks", null, Integer.class) >= 2);
        stop();

        ActorTestHost second = start();
        int before = Integer.parseInt(new String(backend.get("app||Counter||r||ticks").orElseThrow().value()));
        // read from the store, not through the client: nothing calls the actor, the reminder wakes it
        await(Duration.ofSeconds(10), () -> storedTicks() >= before + 2);
        List<String> claims = backend.keys("app||Counter||r||$fired||beat||", 10_000);
        int ticks = second.client.call("Counter", "r", "ticks", null, Integer.class);
        assertThat(claims).doesNotHaveDuplicates();
        assertThat(claims.size()).as("one claim per saved firing").isEqualTo(ticks);
    }
}

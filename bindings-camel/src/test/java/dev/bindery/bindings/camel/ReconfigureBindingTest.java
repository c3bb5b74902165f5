package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bindery.spi.binding.BindingsEngine;

/**
 * A binding rebuilt with new options while the engine runs (a secret its options reference was rotated): an input
 * reads from the new source, an output writes to the new target, and nothing is lost on the way.
 */
class ReconfigureBindingTest extends EngineTestSupport {

    @Test
    void anInputReadsFromItsNewSourceAndWhatTheOldOneHeldIsProcessedOrStaysThere(@TempDir Path old,
            @TempDir Path next) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TestHost host = new TestHost().binding("inbox", "file", old.toString(), "poll-interval", "100ms")
                .input("inbox", "ingest").answering(event -> CompletableFuture.supplyAsync(() -> {
                    await(release);
                    return TestHost.NO_REPLY;
                }));
        BindingsEngine engine = start(host);
        for (int i = 1; i <= 5; i++) {
            Files.writeString(old.resolve("order-" + i + ".json"), "{\"order\":" + i + "}");
        }
        TestHost.await("a file in flight", () -> !host.received.isEmpty());

        Future<?> rebuilt = Executors.newSingleThreadExecutor().submit(() -> engine.reconfigure("inbox", Map.of(
                "file", next.toString(), "poll-interval", "100ms")));
        Thread.sleep(300);
        assertThat(rebuilt).as("the rebuild waits for the message in flight").isNotDone();
        release.countDown();
        rebuilt.get(30, TimeUnit.SECONDS);

        Set<String> processed = names(old.resolve(".done"));
        Set<String> left = names(old);
        assertThat(processed).as("the message in flight was processed and acknowledged").isNotEmpty();
        assertThat(union(processed, left)).hasSize(5);
        assertThat(host.received.stream().map(event -> event.getSubject()).collect(Collectors.toSet()))
                .isEqualTo(processed);
        assertThat(old.resolve(".failed")).doesNotExist();

        Files.writeString(next.resolve("order-6.json"), "{\"order\":6}");
        TestHost.await("the file in the new directory", () -> Files.exists(next.resolve(".done/order-6.json")));
        Files.writeString(old.resolve("order-7.json"), "{\"order\":7}");
        Thread.sleep(500);
        assertThat(old.resolve("order-7.json")).as("the old directory is no longer read").exists();
        assertThat(host.received).hasSize(processed.size() + 1);
        assertThat(engine.failures()).isEmpty();
    }

    @Test
    void anOutputWritesToItsNewTargetAndNoCallIsLostMeanwhile(@TempDir Path old, @TempDir Path next)
            throws Exception {
        BindingsEngine engine = start(new TestHost().binding("reports", "file", old.toString()));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger calls = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            running.add(writers.submit(() -> {
                while (writing.get()) {
                    int call = calls.incrementAndGet();
                    engine.invoke("reports", "create", Map.of("call", call), Map.of("key", "report-" + call
                            + ".json"));
                }
                return null;
            }));
        }
        TestHost.await("some reports", () -> calls.get() > 50);

        engine.reconfigure("reports", Map.of("file", next.toString()));
        int before = calls.get();
        TestHost.await("reports in the new directory", () -> names(next).size() > 50);
        writing.set(false);
        for (Future<?> writer : running) {
            writer.get(30, TimeUnit.SECONDS);
        }
        writers.shutdown();

        Set<String> oldReports = names(old);
        Set<String> newReports = names(next);
        assertThat(union(oldReports, newReports)).as("every call wrote its report").hasSize(calls.get());
        assertThat(oldReports).as("no report in both").doesNotContainAnyElementsOf(newReports);
        // a call that began before the rebuild returned may have used the old endpoint; every later one the new
        assertThat(oldReports).hasSizeLessThanOrEqualTo(before);
        engine.invoke("reports", "create", "last", Map.of("key", "last.txt"));
        assertThat(next.resolve("last.txt")).hasContent("last");
    }

    @Test
    void wrongNewOptionsLeaveTheBindingAsItWas(@TempDir Path inbox) throws Exception {
        TestHost host = new TestHost().binding("inbox", "file", inbox.toString(), "poll-interval", "100ms")
                .input("inbox", "ingest");
        BindingsEngine engine = start(host);

        assertThatThrownBy(() -> engine.reconfigure("inbox", Map.of("file", inbox.toString(), "poll-interval",
                "soon"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("poll-interval");
        assertThatThrownBy(() -> engine.reconfigure("inbox", Map.of("http", "http://127.0.0.1:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output only");

        Files.writeString(inbox.resolve("still.json"), "{}");
        TestHost.await("the file", () -> host.received.size() == 1);
        assertThat(engine.failures()).isEmpty();
    }

    @Test
    void anUnknownBindingIsNamed() {
        BindingsEngine engine = start(new TestHost().binding("reports", "file", "target/unused"));

        assertThatThrownBy(() -> engine.reconfigure("nope", Map.of("file", "target/unused")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'")
                .hasMessageContaining("reports");
    }

    private static Set<String> names(Path directory) throws Exception {
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .collect(Collectors.toSet());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.bindery.examples.lambda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.internal.admin.RecentEvent;
import dev.bindery.internal.admin.RecentEvents;
import dev.bindery.lambda.BinderyLambdaHandler;
import dev.bindery.testing.TestEvents;

/**
 * The SnapStart hooks of the packaged application, run as the CRaC runtime runs them on the handler it registered:
 * {@code beforeCheckpoint} primes every event shape through the application's real dispatcher, stages and components
 * without any event reaching a function (the recent-events stage, on in tests, records every one that does), writing
 * a report or leaving a thread or a socket behind; after {@code afterRestore} the package answers as before.
 */
@QuarkusTest
class SnapStartHooksTest {

    @Inject
    @Named("bindery")
    BinderyLambdaHandler handler;

    @Inject
    RecentEvents recent;

    @Test
    void primingReachesNoFunctionAndLeavesNoThreadNoSocketAndNoFile() throws Exception {
        List<RecentEvent> invoked = new CopyOnWriteArrayList<>();
        Set<Thread> threadsBefore = alive();
        long socketsBefore = sockets();
        long reportsBefore = files(Path.of("target/test-data/reports"));
        Runnable unsubscribe = recent.subscribe(invoked::add);
        try {
            handler.beforeCheckpoint(null);
        } finally {
            unsubscribe.run();
        }

        Set<Thread> started = alive();
        started.removeAll(threadsBefore);
        assertThat(invoked).as("events that reached a function").isEmpty();
        assertThat(started).as("threads priming left").isEmpty();
        assertThat(sockets()).as("open sockets").isLessThanOrEqualTo(socketsBefore);
        assertThat(files(Path.of("target/test-data/reports"))).as("reports written").isEqualTo(reportsBefore);
    }

    @Test
    void afterRestoreThePackageAnswersAndItsInvocationsAreRecorded() throws Exception {
        handler.afterRestore(null);
        List<RecentEvent> invoked = new CopyOnWriteArrayList<>();
        Runnable unsubscribe = recent.subscribe(invoked::add);
        try {
            String response = given().contentType("application/json").body(TestEvents.bytes(
                    "aws/apigw-v2-binary.json")).when().post().then().statusCode(200).extract().asString();
            assertThat(response).contains("Hello, Ada!");
        } finally {
            unsubscribe.run();
        }
        assertThat(invoked).as("the recorder sees what reaches a function").isNotEmpty();
    }

    private static Set<Thread> alive() {
        Set<Thread> threads = new HashSet<>(Thread.getAllStackTraces().keySet());
        threads.removeIf(thread -> !thread.isAlive());
        return threads;
    }

    /** @return this process's open sockets (Linux) */
    private static long sockets() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }

    private static long files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }
}

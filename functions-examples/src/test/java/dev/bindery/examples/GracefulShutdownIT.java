package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Issue 14: SIGTERM under load. Clients keep {@value #CLIENTS} requests in flight against the packaged app, each on a
 * connection of its own (no keep-alive, so a connection is one request), each a function that takes
 * {@value #WORK_MS} ms, and go on sending after the signal. Every request whose connection was accepted before the
 * signal must be answered 200; after it, new events are answered 503 ({@code shutting-down}, {@code Retry-After}) so
 * the drain ends however much traffic still comes, and the process exits 0 long before the shutdown timeout (25 s),
 * where Quarkus would cut off the requests still running. A request sent while the server closes its connections may
 * find its connection closed before it was read, which its client meets as it would a refused connection.
 */
class GracefulShutdownIT {

    private static final int CLIENTS = 32;
    private static final long WORK_MS = 400;

    /** One request: when its connection was accepted (nanoTime, or -1 when it was refused), and what came back. */
    private record Result(long connected, int status, Throwable failure, long ended) {
    }

    private Process process;
    private Vertx vertx;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void onSigtermUnderLoadEveryAcceptedRequestIsAnsweredAndTheProcessExitsZero() throws Exception {
        Path data = Files.createTempDirectory("bindery-sigterm");
        Path log = Files.createTempFile("bindery-sigterm", ".log");
        PackagedApp app = PackagedApp.launch(List.of("bindery.state.default.data-dir=" + data.resolve("state/default"),
                "bindery.state.orders.data-dir=" + data.resolve("state/orders"),
                "bindery.bindings.uploads.file=" + data.resolve("uploads"),
                "bindery.bindings.uploads-failed.file=" + data.resolve("uploads-failed"),
                "bindery.bindings.reports.file=" + data.resolve("reports")), Map.of(), PackagedApp.freePort(), log);
        process = app.process();
        app.awaitReady(Duration.ofSeconds(60));
        vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setDefaultHost("localhost").setDefaultPort(app.port()).setConnectTimeout(2_000).setIdleTimeout(30),
                new PoolOptions().setHttp1MaxSize(CLIENTS));

        Queue<Result> results = new ConcurrentLinkedQueue<>();
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            loop(client, results, stopping, done);
        }
        Thread.sleep(3_000);
        long signalled = System.nanoTime();
        process.destroy();
        boolean exited = process.waitFor(30, TimeUnit.SECONDS);
        Duration exitAfter = Duration.ofNanos(System.nanoTime() - signalled);
        stopping.set(true);
        assertThat(done.await(30, TimeUnit.SECONDS)).as("the clients stopped").isTrue();

        long before = results.stream().filter(r -> r.connected() >= 0 && r.connected() < signalled).count();
        List<Result> unanswered = results.stream()
                .filter(r -> r.connected() >= 0 && r.connected() < signalled && r.status() != 200).toList();
        Map<Integer, Long> statusesAfter = results.stream().filter(r -> r.connected() >= signalled)
                .collect(Collectors.groupingBy(Result::status, Collectors.counting()));
        long refused = results.stream().filter(r -> r.connected() < 0).count();
        long last200 = results.stream().filter(r -> r.status() == 200).mapToLong(Result::ended).max().orElse(signalled);
        String report = String.format("SIGTERM under load (%d clients, %d ms each): accepted before the signal %d, of"
                + " them not answered 200 %d; after it, by status (-1: closed unread) %s, last 200 %d ms after the"
                + " signal; refused at connect %d; exit %s %d ms after the signal; not answered: %s", CLIENTS, WORK_MS,
                before, unanswered.size(), statusesAfter, (last200 - signalled) / 1_000_000, refused,
                exited ? process.exitValue() : "none", exitAfter.toMillis(), unanswered.stream().limit(5).toList());
        System.out.println(report);

        assertThat(exited).as("exits within the grace period: " + report + "\n" + Files.readString(log)).isTrue();
        assertThat(process.exitValue()).as(report).isZero();
        assertThat(before).as("load was running at the signal: " + report).isGreaterThan(CLIENTS);
        assertThat(unanswered).as("requests accepted before the signal left without a 200: " + report).isEmpty();
        assertThat(statusesAfter.getOrDefault(503, 0L)).as("new events are refused while draining: " + report)
                .isPositive();
        assertThat(statusesAfter.keySet()).as("after the signal: served, refused or closed unread: " + report)
                .isSubsetOf(200, 503, -1);
        assertThat(exitAfter).as("the drain ends with the requests in flight, not at the shutdown timeout: " + report)
                .isLessThan(Duration.ofSeconds(10));
    }

    /** Sends requests one after the other until told to stop, recording each. */
    private void loop(HttpClient client, Queue<Result> results, AtomicBoolean stopping, CountDownLatch done) {
        if (stopping.get()) {
            done.countDown();
            return;
        }
        long[] connected = {-1};
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/")
                .addHeader("ce-specversion", "1.0").addHeader("ce-id", UUID.randomUUID().toString())
                .addHeader("ce-source", "/sigterm-test").addHeader("ce-type", "checkStock")
                .addHeader("content-type", "application/json"))
                .compose(request -> {
                    connected[0] = System.nanoTime();
                    return request.send("{\"item\":\"teapot\",\"delayMs\":" + WORK_MS + "}")
                            .compose(response -> response.body().map(body -> response.statusCode()));
                })
                .map(status -> new Result(connected[0], status, null, System.nanoTime()))
                .recover(failure -> Future.succeededFuture(new Result(connected[0], -1, failure, System.nanoTime())))
                .onSuccess(result -> {
                    results.add(result);
                    if (result.connected() < 0 && !stopping.get()) {
                        // refused: the server is gone or not listening; pace the retries
                        vertx.setTimer(50, id -> loop(client, results, stopping, done));
                    } else {
                        loop(client, results, stopping, done);
                    }
                });
    }
}

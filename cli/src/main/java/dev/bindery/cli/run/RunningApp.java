package dev.bindery.cli.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.http.AppClient;

/**
 * One started application: its process, a thread copying its output to the command's output (each line prefixed
 * with the app id when several apps run), its readiness, and a graceful stop (SIGTERM, then a kill after the grace
 * period).
 */
final class RunningApp {

    static final Duration GRACE = Duration.ofSeconds(30);

    private final AppLaunch launch;
    private final Process process;
    private final Thread pump;
    private final AppClient client;
    private final Instant started = Instant.now();

    private RunningApp(AppLaunch launch, Process process, Thread pump, AppClient client) {
        this.launch = launch;
        this.process = process;
        this.pump = pump;
        this.client = client;
    }

    /** Starts the app; its output goes to {@code out} as it comes. */
    static RunningApp start(AppLaunch launch, PrintWriter out, String token) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(launch.command(java)).directory(launch.workdir().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(launch.env());
        builder.environment().put("PORT", Integer.toString(launch.port()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot start " + launch.jar() + ": " + e.getMessage());
        }
        String prefix = launch.id() == null ? "" : "[" + launch.id() + "] ";
        Thread pump = new Thread(() -> copy(process, out, prefix), "bindery-log-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        return new RunningApp(launch, process, pump,
                new AppClient(URI.create("http://localhost:" + launch.port()), token, Duration.ofSeconds(5)));
    }

    private static void copy(Process process, PrintWriter out, String prefix) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (out) {
                    out.println(prefix + line);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // the process ended
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails if the app exits first or time runs out. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        URI ready = client.uri("q", "health", "ready");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                pump.join(1000);
                throw new CliException(ExitCodes.ERROR, name() + " exited with code " + process.exitValue()
                        + " before it was ready: see its log above");
            }
            try {
                HttpResponse<byte[]> response = client.send(client.request(ready).GET().build());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (CliException notListeningYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        stop();
        throw new CliException(ExitCodes.UNREACHABLE, name() + " was not ready within " + timeout.toSeconds()
                + " s (GET " + ready + "); stopped it");
    }

    /** Stops the app: SIGTERM, so it finishes the events in flight, then a kill after the grace period. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            pump.join(1000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** @return when the process was started */
    Instant started() {
        return started;
    }

    AppLaunch launch() {
        return launch;
    }

    Process process() {
        return process;
    }

    URI baseUri() {
        return URI.create("http://localhost:" + launch.port());
    }

    AppClient client() {
        return client;
    }

    String name() {
        return launch.id() != null ? "app " + launch.id() : launch.jar().toString();
    }
}

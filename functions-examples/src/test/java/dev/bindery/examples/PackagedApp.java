package dev.bindery.examples;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged example application started with {@code java -jar} and {@code PORT} set, as Knative does: a separate
 * process, its output in a log file.
 */
final class PackagedApp {

    private final Process process;
    private final int port;
    private final Path log;
    private final Instant launched;

    private PackagedApp(Process process, int port, Path log, Instant launched) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.launched = launched;
    }

    /**
     * Launches the application (without waiting for it to be ready).
     *
     * @param systemProperties {@code -D} options, as {@code name=value}
     * @param environment variables added to this process's environment
     * @param port where it listens
     * @param log where its output goes (appended)
     */
    static PackagedApp launch(List<String> systemProperties, Map<String, String> environment, int port, Path log)
            throws IOException {
        Path appDir = Path.of(System.getProperty("bindery.app.dir", "target/quarkus-app"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        systemProperties.forEach(property -> command.add("-D" + property));
        command.add("-jar");
        command.add(appDir.resolve("quarkus-run.jar").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the development secrets file, relative to this module (where the tests run)
        builder.environment().put("EXAMPLES_SECRETS_FILE", "secrets/local.json");
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        Instant launched = Instant.now();
        return new PackagedApp(builder.start(), port, log, launched);
    }

    /** @return a port nobody listens on now */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log if the process exits or time runs out. */
    PackagedApp awaitReady(Duration timeout) throws Exception {
        return awaitReady(timeout, Map.of());
    }

    /**
     * Waits until {@code /q/health/ready} answers 200 to a request with these headers (a credential, when security
     * protects health on the main port); fails with the log if the process exits or time runs out.
     */
    PackagedApp awaitReady(Duration timeout, Map<String, String> headers) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("The application exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) baseUri().resolve("/q/health/ready").toURL()
                        .openConnection();
                headers.forEach(connection::setRequestProperty);
                if (connection.getResponseCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The application was not ready within " + timeout + ":\n" + Files.readString(log));
    }

    /** @return the first line of the log that contains the text, waiting up to ten seconds for it */
    String awaitLogLine(String text) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No log line with '" + text + "' in:\n" + Files.readString(log));
    }

    Process process() {
        return process;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** @return when the process was started */
    Instant launched() {
        return launched;
    }

    URI baseUri() {
        return URI.create("http://localhost:" + port + "/");
    }
}

package dev.bindery.examples;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A copy of this repository (its sources, without build output) in which {@code ./mvnw quarkus:dev} runs the example
 * application as a user would, so a test may edit its sources: the Maven Wrapper's Maven, the Quarkus Maven plugin's dev
 * goal, the dependency resolution of dev mode, live reload.
 */
final class DevModeProject implements AutoCloseable {

    /** Build output and local data, never copied. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", "bindery-data", "data", ".idea", ".vscode",
            ".cifuzz-corpus");

    private final Path root;
    private final Path log;
    private final int port;
    private Process process;

    private DevModeProject(Path root, Path log, int port) {
        this.root = root;
        this.log = log;
        this.port = port;
    }

    /** Copies the repository's sources from {@code from} to {@code to} (emptied first). */
    static DevModeProject copy(Path from, Path to, int port) throws IOException {
        delete(to);
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && SKIPPED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!SKIPPED.contains(file.getFileName().toString())) {
                    Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new DevModeProject(to, to.resolveSibling(to.getFileName() + ".log"), port);
    }

    /**
     * Starts {@code ./mvnw -pl functions-examples -am test-compile quarkus:dev}: the modules the examples need are
     * built in the copy's reactor (nothing is installed), then dev mode starts. Tests are not compiled (continuous
     * testing is not what is tested), and the checks that change no code (formatting, enforcer) are skipped.
     */
    DevModeProject start() throws IOException {
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B",
                "-pl", "functions-examples", "-am", "test-compile", "io.quarkus:quarkus-maven-plugin:dev",
                "-Dmaven.test.skip=true", "-Dformatter.skip=true", "-Dimpsort.skip=true", "-Denforcer.skip=true",
                // no debugger port (another dev mode may hold 5005), no console, no analytics prompt
                "-Ddebug=false", "-Dquarkus.console.enabled=false", "-Dquarkus.analytics.disabled=true",
                "-Dquarkus.http.port=" + port, "-Dquarkus.otel.sdk.disabled=true"));
        process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log if Maven exits or time runs out. */
    void awaitReady(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Dev mode exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) baseUri().resolve("/q/health/ready").toURL()
                        .openConnection();
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Dev mode was not ready within " + timeout + ":\n" + logTail());
    }

    /** Replaces text in a source file of the copy, as an editor would. */
    void edit(String file, String text, String replacement) throws IOException {
        Path source = root.resolve(file);
        String content = Files.readString(source);
        if (!content.contains(text)) {
            throw new AssertionError(file + " no longer contains '" + text + "'");
        }
        Files.writeString(source, content.replace(text, replacement));
    }

    URI baseUri() {
        return URI.create("http://localhost:" + port + "/");
    }

    /** @return the last lines of Maven's and the application's output */
    String logTail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** Stops dev mode: the application first (a child of Maven), then Maven. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            descendants.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

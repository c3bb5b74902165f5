package dev.bindery.examples;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Hot Rod server (Infinispan Server's endpoint over a real cache manager, with the cache {@code state}) as a separate
 * process on loopback, which a test can kill and start again on the same port. It runs
 * {@code HotRodServerMain} from state-infinispan-remote-tests' test class path (its Infinispan server version is not
 * the application's), which that module's build writes to {@code target/hotrod-server.classpath}.
 */
public final class HotRodServerProcess implements AutoCloseable {

    private static final Path MODULE = Path.of("..", "state-infinispan-remote-tests", "target");

    private final int port;
    private final List<String> options;
    private final Path log;
    private Process process;

    private HotRodServerProcess(int port, List<String> options, Path log) {
        this.port = port;
        this.options = options;
        this.log = log;
    }

    /**
     * Starts a server on a free port and waits until it listens.
     *
     * @param options {@code HotRodServerMain}'s options after the port, such as {@code --users <file>}
     */
    public static HotRodServerProcess start(String... options) {
        try {
            HotRodServerProcess server = new HotRodServerProcess(PackagedApp.freePort(), List.of(options),
                    Files.createTempFile("hotrod-server", ".log"));
            server.startAgain();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException("The Hot Rod server did not start", e);
        }
    }

    /** Starts the server (again) on its port and waits until it listens. */
    public void startAgain() throws Exception {
        String classPath = MODULE.resolve("test-classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(MODULE.resolve("hotrod-server.classpath"), StandardCharsets.UTF_8).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", classPath, "dev.bindery.state.infinispan.HotRodServerMain",
                Integer.toString(port)));
        command.addAll(options);
        int from = log().length();
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!log().substring(from).contains("hotrod ready")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The Hot Rod server did not start:\n" + log());
            }
            Thread.sleep(50);
        }
    }

    /** @return {@code 127.0.0.1:<port>}, as {@code hotrod.servers} takes it */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** @return what the server has printed so far */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the server with SIGKILL, as a crash would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}

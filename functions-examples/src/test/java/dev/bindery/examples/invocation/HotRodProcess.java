package dev.bindery.examples.invocation;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Hot Rod server (Infinispan Server's endpoint over a real cache manager) as a separate process, which the test can
 * kill and start again on the same port: the state store {@code remote} points at it, with resiliency policies on
 * its outbound calls. It runs from state-infinispan-remote-tests' test class path (its Infinispan server version is not
 * the application's), which that module's build writes to {@code target/hotrod-server.classpath}.
 */
public class HotRodProcess implements QuarkusTestResourceLifecycleManager {

    private static final Path MODULE = Path.of("..", "state-infinispan-remote-tests", "target");

    static int port;
    static Process server;
    static Path log;

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            log = Files.createTempFile("hotrod-server", ".log");
            launch();
        } catch (Exception e) {
            throw new IllegalStateException("The Hot Rod server did not start", e);
        }
        // stores of their own: this test's application starts while another test's may still hold the default dirs
        return Map.of("bindery.state.default.data-dir", "target/test-state/store-resiliency/default",
                "bindery.state.orders.data-dir", "target/test-state/store-resiliency/orders",
                "bindery.state.remote.mode", "remote",
                "bindery.state.remote.cache-name", "state",
                "bindery.state.remote.hotrod.servers", "127.0.0.1:" + port,
                "bindery.resiliency.timeouts.store", "2s",
                "bindery.resiliency.retries.storing.duration", "500ms",
                "bindery.resiliency.retries.storing.max-retries", "30",
                "bindery.resiliency.targets.components.remote.outbound.timeout", "store",
                "bindery.resiliency.targets.components.remote.outbound.retry", "storing");
    }

    /** Starts the server on {@link #port} and waits until it listens. */
    static void launch() throws Exception {
        String classPath = MODULE.resolve("test-classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(MODULE.resolve("hotrod-server.classpath"), StandardCharsets.UTF_8).trim();
        long from = Files.size(log);
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", classPath, "dev.bindery.state.infinispan.HotRodServerMain", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!new String(Files.readAllBytes(log), StandardCharsets.UTF_8).substring((int) from)
                .contains("hotrod ready")) {
            if (!server.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The Hot Rod server did not start:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** Kills the server with SIGKILL, as a crash would. */
    static void kill() throws InterruptedException {
        server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }
}

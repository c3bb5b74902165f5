package dev.bindery.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) as a separate process: {@code kafka.Kafka} run from
 * this test's own class path ({@code kafka_2.13} and its dependencies are test dependencies), listening on loopback,
 * its log in a temporary directory. Apps under test can then be killed without touching the broker.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private final Path properties;
    private final Path log;
    private final String bootstrapServers;
    private Process process;

    private KafkaBrokerProcess(Path properties, Path log, String bootstrapServers) {
        this.properties = properties;
        this.log = log;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats a fresh log directory, starts the broker and waits until it answers an admin client. */
    static KafkaBrokerProcess start(Duration timeout) throws Exception {
        Path dir = Files.createTempDirectory("bindery-kafka");
        int brokerPort = PackagedApp.freePort();
        int controllerPort = PackagedApp.freePort();
        String bootstrap = "127.0.0.1:" + brokerPort;
        Path properties = dir.resolve("server.properties");
        Files.writeString(properties, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://" + bootstrap + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + bootstrap,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        Path log = dir.resolve("broker.log");
        Process format = java(List.of("kafka.tools.StorageTool", "format", "--cluster-id", Uuid.randomUuid().toString(),
                "--config", properties.toString()), log).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new AssertionError("Formatting the Kafka log directory failed:\n" + Files.readString(log));
        }
        KafkaBrokerProcess broker = new KafkaBrokerProcess(properties, log, bootstrap);
        broker.startAgain(timeout);
        return broker;
    }

    /** Kills the broker with SIGKILL, as a crash would: what it had not flushed is recovered from its log on restart. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the broker (again) on its log directory and ports, and waits until it answers an admin client. */
    void startAgain(Duration timeout) throws Exception {
        process = java(List.of("kafka.Kafka", properties.toString()), log).start();
        awaitReady(timeout);
    }

    private static ProcessBuilder java(List<String> mainAndArguments, Path log) {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArguments);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private void awaitReady(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new AssertionError(
                            "The Kafka broker exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline)) {
                    close();
                    throw new AssertionError(
                            "The Kafka broker was not ready within " + timeout + ":\n" + Files.readString(log));
                }
                Thread.sleep(200);
            }
        }
    }

    /** @return an admin client on this broker (close it) */
    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

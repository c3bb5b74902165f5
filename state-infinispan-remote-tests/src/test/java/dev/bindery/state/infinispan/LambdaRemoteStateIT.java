package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.testing.FakeLambdaRuntimeApi;
import dev.bindery.testing.LambdaPackage;
import dev.bindery.testing.TestEvents;

/**
 * The example Lambda package ({@code function.zip}) with its stores remote, as the SAM template's {@code StateServers}
 * sets them ({@code BINDERY_STATE_<STORE>_MODE=remote}, {@code _HOTROD_SERVERS}), against a Hot Rod server started in
 * this JVM: two instances — two processes run by the official runtime client, each with its own Runtime API — share
 * state and the idempotency of Lambda events ({@code bindery.idempotency.transports=lambda}), and what they write is
 * on the server, read back with a client of the test's own.
 */
class LambdaRemoteStateIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HANDLER = "dev.bindery.lambda.BinderyStreamHandler::handleRequest";
    /** The application id, which scopes the keys of its stores. */
    private static final String APP = "bindery-examples";

    private static HotRodTestServer server;
    private static Path task;
    private static final List<Instance> instances = new ArrayList<>();

    /** One execution environment: a Runtime API and the package running against it. */
    private record Instance(FakeLambdaRuntimeApi runtime, Process process, Path log) {

        JsonNode invoke(String sample) throws Exception {
            FakeLambdaRuntimeApi.Outcome outcome = runtime.invoke(TestEvents.bytes("aws/" + sample))
                    .get(120, TimeUnit.SECONDS);
            assertThat(outcome.error()).as(outcome.body() + "\n" + Files.readString(log)).isFalse();
            return MAPPER.readTree(outcome.body());
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = HotRodTestServer.withCaches("default", "orders");
        task = LambdaPackage.unzip(Path.of(System.getProperty("bindery.function.zip",
                "../functions-examples-lambda/target/function.zip")));
    }

    private static Instance launch() throws Exception {
        FakeLambdaRuntimeApi runtime = new FakeLambdaRuntimeApi();
        Path log = Files.createTempFile("lambda-remote", ".log");
        Process process = LambdaPackage.launch(task, LambdaPackage.runtimeClientOnClassPath(), HANDLER, runtime
                .address(), log,
                Map.of(
                        "BINDERY_STATE_DEFAULT_MODE", "remote",
                        "BINDERY_STATE_DEFAULT_HOTROD_SERVERS", server.address(),
                        "BINDERY_STATE_ORDERS_MODE", "remote",
                        "BINDERY_STATE_ORDERS_HOTROD_SERVERS", server.address(),
                        "BINDERY_IDEMPOTENCY_TRANSPORTS", "lambda"));
        Instance instance = new Instance(runtime, process, log);
        instances.add(instance);
        return instance;
    }

    @AfterAll
    static void stop() throws Exception {
        for (Instance instance : instances) {
            instance.process().destroy();
            if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
                instance.process().destroyForcibly();
            }
            instance.runtime().close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static StateBackend store(String name) {
        return new InfinispanStateStoreProvider().open(new StoreSettings(name, Map.of("mode", "remote", "hotrod.servers",
                server.address())));
    }

    @Test
    void twoInstancesShareStateAndIdempotencyOnTheServer() throws Exception {
        // one after the other: the runtime client extracts its native library to one fixed file under /tmp, and two
        // JVMs extracting it at once can crash the second (SIGBUS, seen in CI)
        Instance first = launch();
        JsonNode counted = first.invoke("cloudevent-count-visit.json");
        Instance second = launch();
        JsonNode again = second.invoke("cloudevent-count-visit.json");
        first.invoke("eventbridge.json");
        String order = second.invoke("direct-get-order.json").toString();

        assertThat(counted.path("data").path("count").asLong()).isEqualTo(1);
        assertThat(again.path("data").isMissingNode()).as("the other instance knows the event was processed: "
                + again).isTrue();
        assertThat(order).as("placed on one instance, read on the other").contains("\"item\":\"teapot\"");
        try (StateBackend visits = store("default"); StateBackend orders = store("orders")) {
            JsonNode count = MAPPER.readTree(visits.get(APP + "||visits//lambda").orElseThrow().value());
            assertThat(count.path("count").asLong()).as("counted once, on the server").isEqualTo(1);
            assertThat(orders.get(APP + "||o-1")).as("the order, on the server").isPresent();
        }
        for (Instance instance : instances) {
            assertThat(Files.readString(instance.log())).as("no warning: the stores are remote")
                    .doesNotContain("State store 'default' is", "State store 'orders' is");
        }
    }
}

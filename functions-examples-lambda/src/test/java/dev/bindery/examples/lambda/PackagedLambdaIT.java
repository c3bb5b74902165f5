package dev.bindery.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.testing.FakeLambdaRuntimeApi;
import dev.bindery.testing.LambdaPackage;
import dev.bindery.testing.TestEvents;

/**
 * The packaged {@code function.zip}, unpacked as Lambda unpacks it and run by the official
 * aws-lambda-java-runtime-interface-client against a Runtime API played by {@link FakeLambdaRuntimeApi}: what AWS runs,
 * short of AWS.
 */
class PackagedLambdaIT {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static FakeLambdaRuntimeApi runtime;
    static Process function;
    static Path log;

    @BeforeAll
    static void start() throws Exception {
        Path task = LambdaPackage.unzip(Path.of(System.getProperty("bindery.function.zip", "target/function.zip")));
        runtime = new FakeLambdaRuntimeApi();
        log = Files.createTempFile("lambda", ".log");
        function = LambdaPackage.launch(task, LambdaPackage.runtimeClientOnClassPath(),
                "dev.bindery.lambda.BinderyStreamHandler::handleRequest", runtime.address(), log);
    }

    @AfterAll
    static void stop() throws Exception {
        if (function != null) {
            function.destroy();
            if (!function.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                function.destroyForcibly();
                throw new AssertionError("The function did not exit within 30 s of SIGTERM:\n" + Files.readString(log));
            }
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private static JsonNode invoke(String sample) throws Exception {
        FakeLambdaRuntimeApi.Outcome outcome = runtime.invokeAndWait(TestEvents.bytes("aws/" + sample));
        assertThat(outcome.error()).as(outcome.body() + "\n" + Files.readString(log)).isFalse();
        return MAPPER.readTree(outcome.body());
    }

    @Test
    void anHttpApiEventIsAnsweredByGreet() throws Exception {
        JsonNode response = invoke("apigw-v2-binary.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("headers").path("ce-type").asText()).isEqualTo("greet.output");
        assertThat(response.path("body").asText()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
    }

    @Test
    void anSqsBatchReportsItsFailedRecord() throws Exception {
        JsonNode response = invoke("sqs-checkstock.json");

        assertThat(response.path("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly("stock-2");
    }

    @Test
    void startUpWarnsThatTheEmbeddedStoresBehindIdempotencyAndFirstWritesAreOneInstances() throws Exception {
        invoke("apigw-v2-binary.json");
        String started = Files.readString(log);

        assertThat(started).contains("State store 'default' is embedded", "State store 'orders' is embedded",
                "dev.bindery.examples.Orders", "dev.bindery.examples.Visits",
                "the idempotency of pub/sub component 'default' (bindery.pubsub.default.idempotency)",
                "bindery.state.orders.mode=remote", "StateServers");
    }

    @Test
    void anUnknownShapeIsAnInvocationErrorNamingWhatWasSeen() throws Exception {
        FakeLambdaRuntimeApi.Outcome outcome = runtime.invokeAndWait(TestEvents.bytes("aws/unknown.json"));

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.body()).contains("Unrecognized Lambda event with top-level fields [hello, answer]");
    }
}

package dev.bindery.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.testing.FakeLambdaRuntimeApi;
import dev.bindery.testing.LambdaPackage;
import dev.bindery.testing.TestEvents;

/**
 * The package run with Quarkus' own handler, as applications deployed before {@code BinderyStreamHandler} still are:
 * {@code QuarkusStreamHandler} hands each invocation to the {@code bindery} bean ({@code quarkus.lambda.handler},
 * {@code bindery} by default in a Bindery package).
 */
class QuarkusStreamHandlerIT {

    @Test
    void quarkusStreamHandlerStillRunsTheBinderyHandler() throws Exception {
        Path task = LambdaPackage.unzip(Path.of(System.getProperty("bindery.function.zip", "target/function.zip")));
        Path log = Files.createTempFile("lambda", ".log");
        try (FakeLambdaRuntimeApi runtime = new FakeLambdaRuntimeApi()) {
            Process function = LambdaPackage.launch(task, LambdaPackage.runtimeClientOnClassPath(),
                    "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest", runtime.address(), log);
            try {
                FakeLambdaRuntimeApi.Outcome outcome = runtime.invokeAndWait(TestEvents.bytes(
                        "aws/apigw-v2-binary.json"));

                assertThat(outcome.error()).as(outcome.body() + "\n" + Files.readString(log)).isFalse();
                JsonNode response = PackagedLambdaIT.MAPPER.readTree(outcome.body());
                assertThat(response.path("body").asText()).isEqualTo("{\"message\":\"Hello, Ada!\"}");
            } finally {
                function.destroy();
                if (!function.waitFor(30, TimeUnit.SECONDS)) {
                    function.destroyForcibly();
                }
            }
        }
    }
}

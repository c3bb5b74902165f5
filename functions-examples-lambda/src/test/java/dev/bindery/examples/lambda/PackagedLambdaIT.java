package dev.bindery.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.testing.TestEvents;

/**
 * The packaged {@code function.zip}, unpacked as Lambda unpacks it and run by the official
 * aws-lambda-java-runtime-interface-client against a Runtime API played by {@link FakeRuntimeApi}: what AWS runs,
 * short of AWS.
 */
class PackagedLambdaIT {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static FakeRuntimeApi runtime;
    static Process function;
    static Path log;

    @BeforeAll
    static void start() throws Exception {
        Path task = Files.createTempDirectory("lambda-task");
        unzip(Path.of(System.getProperty("bindery.function.zip", "target/function.zip")), task);
        runtime = new FakeRuntimeApi();
        log = Files.createTempFile("lambda", ".log");
        function = launch(task, runtime.address(), log);
    }

    /** Starts the runtime client as Lambda's Java runtime does: the task root and its lib/ on the class path. */
    static Process launch(Path task, String runtimeApi, Path log) throws IOException, URISyntaxException {
        List<String> classPath = new ArrayList<>(List.of(task.toString(), task.resolve("lib").toString() + "/*"));
        classPath.add(Path.of(AWSLambda.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("aws-lambda-java-serialization")) {
                classPath.add(entry);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-cp",
                String.join(File.pathSeparator,
                        classPath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest")
                .directory(task.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "bindery-examples");
        builder.environment().put("AWS_REGION", "us-east-1");
        return builder.start();
    }

    static void unzip(Path zip, Path into) throws IOException {
        try (InputStream file = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(file)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (function != null) {
            function.destroy();
            function.waitFor();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private static JsonNode invoke(String sample) throws Exception {
        FakeRuntimeApi.Outcome outcome = runtime.invokeAndWait(TestEvents.bytes("aws/" + sample));
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
    void anUnknownShapeIsAnInvocationErrorNamingWhatWasSeen() throws Exception {
        FakeRuntimeApi.Outcome outcome = runtime.invokeAndWait(TestEvents.bytes("aws/unknown.json"));

        assertThat(outcome.error()).isTrue();
        assertThat(outcome.body()).contains("Unrecognized Lambda event with top-level fields [hello, answer]");
    }
}

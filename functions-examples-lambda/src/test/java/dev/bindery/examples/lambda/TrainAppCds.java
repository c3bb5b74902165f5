package dev.bindery.examples.lambda;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.bindery.testing.FakeLambdaRuntimeApi;
import dev.bindery.testing.LambdaPackage;
import dev.bindery.testing.TestEvents;

/**
 * Trains the Lambda package's AppCDS archive and adds it to {@code function.zip} as {@value LambdaPackage#APP_CDS_ARCHIVE}
 * (the SAM template runs the function with {@code -XX:SharedArchiveFile=/var/task/app-cds.jsa}). The package runs as
 * Lambda runs it ({@link LambdaPackage}: the runtime interface client loading the task with its own class loader)
 * against a loopback Runtime API, serves real invocations of the example sources' shapes, and the JVM writes the
 * classes it loaded when it exits. State and reports go to a scratch directory, deleted afterwards.
 * <p>
 * The archive is only used by the JVM that wrote it (the same build of the same Java version): the JVM checks this and
 * runs without the archive otherwise. Run by the build ({@code train-appcds} in this module's pom) with the JVM that
 * runs Maven. Usage: {@code TrainAppCds <function.zip>}.
 */
public final class TrainAppCds {

    private static final String HANDLER = "dev.bindery.lambda.BinderyStreamHandler::handleRequest";
    /** One event per shape the examples are reached by (no source that would call AWS): their classes are archived. */
    private static final List<String> EVENTS = List.of("direct.json", "apigw-v2-binary.json",
            "apigw-v1-structured.json", "sqs-checkstock.json", "sns.json", "eventbridge.json", "kinesis.json",
            "dynamodb.json", "unknown.json");

    private TrainAppCds() {
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]);
        Path task = LambdaPackage.unzip(zip);
        Path scratch = Files.createTempDirectory("appcds-training");
        Path log = scratch.resolve("function.log");
        try {
            Files.deleteIfExists(task.resolve(LambdaPackage.APP_CDS_ARCHIVE));
            Path archive = scratch.resolve(LambdaPackage.APP_CDS_ARCHIVE);
            train(task, archive, scratch, log);
            try (FileSystem contents = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of())) {
                Files.copy(archive, contents.getPath(LambdaPackage.APP_CDS_ARCHIVE),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.printf("AppCDS archive trained with %d invocations (%d KiB), added to %s%n", EVENTS.size(),
                    Files.size(archive) / 1024, zip);
        } finally {
            delete(task);
            delete(scratch);
        }
    }

    private static void train(Path task, Path archive, Path scratch, Path log) throws Exception {
        List<String> options = List.of("-XX:ArchiveClassesAtExit=" + archive,
                "-Dbindery.state.default.data-dir=" + scratch.resolve("state/default"),
                "-Dbindery.state.orders.data-dir=" + scratch.resolve("state/orders"),
                "-Dbindery.bindings.reports.file=" + scratch.resolve("reports"));
        try (FakeLambdaRuntimeApi runtime = new FakeLambdaRuntimeApi()) {
            Process function = LambdaPackage.launch(task, LambdaPackage.runtimeClientOnClassPath(), HANDLER,
                    runtime.address(), log, options, Map.of());
            try {
                for (String event : EVENTS) {
                    // outcomes do not matter (unknown.json fails on purpose): the code paths do
                    answer(function, runtime.invoke(TestEvents.bytes("aws/" + event)), event);
                }
            } catch (Exception e) {
                function.destroyForcibly();
                throw new IllegalStateException("The training invocations failed:\n" + Files.readString(log), e);
            }
            // SIGTERM: the JVM exits normally and writes the archive
            function.destroy();
            if (!function.waitFor(60, TimeUnit.SECONDS)) {
                function.destroyForcibly();
                throw new IllegalStateException("The function did not exit after SIGTERM:\n" + Files.readString(log));
            }
        }
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            // e.g. a JDK without its default CDS archive, on which a dynamic archive is built
            throw new IllegalStateException("No AppCDS archive was written (-Dbindery.appcds.train.skip=true builds the "
                    + "package without one):\n" + Files.readString(log));
        }
    }

    private static void answer(Process function, CompletableFuture<FakeLambdaRuntimeApi.Outcome> outcome,
            String event) throws Exception {
        for (int second = 0; second < 120; second++) {
            try {
                outcome.get(1, TimeUnit.SECONDS);
                return;
            } catch (TimeoutException e) {
                if (!function.isAlive()) {
                    break;
                }
            }
        }
        throw new IllegalStateException("No answer to " + event);
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package dev.bindery.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Lambda deployment zip unpacked as Lambda unpacks it, and run as Lambda's Java runtime runs it: the official
 * runtime interface client with the task root and its {@code lib/} on the class path.
 */
public final class LambdaPackage {

    private LambdaPackage() {
    }

    /** Unpacks the zip into a new directory (the task root). */
    public static Path unzip(Path zip) throws IOException {
        Path task = Files.createTempDirectory("lambda-task");
        try (InputStream file = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(file)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                Path target = task.resolve(entry.getName()).normalize();
                if (!target.startsWith(task)) {
                    throw new IOException("Zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
        return task;
    }

    /**
     * @param runtimeClient the class path of aws-lambda-java-runtime-interface-client and its serialization library
     * @param handler the handler, such as {@code io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest}
     * @param runtimeApi {@code host:port} of the Runtime API
     */
    public static Process launch(Path task, List<String> runtimeClient, String handler, String runtimeApi, Path log)
            throws IOException {
        return launch(task, runtimeClient, handler, runtimeApi, log, Map.of());
    }

    /** @param environment more environment variables of the function, as its configuration sets them */
    public static Process launch(Path task, List<String> runtimeClient, String handler, String runtimeApi, Path log,
            Map<String, String> environment) throws IOException {
        List<String> classPath = new ArrayList<>(List.of(task.toString(), task.resolve("lib") + File.separator + "*"));
        classPath.addAll(runtimeClient);
        // Lambda's default for Java: the C1 compiler only, for a fast start
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-cp",
                String.join(File.pathSeparator, classPath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler)
                .directory(task.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "bindery");
        // Lambda always sets the region: the AWS clients (the AWS secret stores) read it
        builder.environment().put("AWS_REGION", "us-east-1");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** @return the runtime interface client's jars on this JVM's class path, absolute */
    public static List<String> runtimeClientOnClassPath() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // the client, its serialization library and the AWS SDK's utils-lite it uses
            if (entry.contains("aws-lambda-java-runtime-interface-client")
                    || entry.contains("aws-lambda-java-serialization") || entry.contains("utils-lite")) {
                jars.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return jars;
    }
}

package dev.bindery.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A Lambda deployment zip unpacked as Lambda unpacks it, and run as Lambda's Java runtime runs it: the official
 * runtime interface client, which loads the task root and its {@code lib/} with a class loader of its own.
 */
public final class LambdaPackage {

    /** The AppCDS archive a package may carry at its root, trained with the same runtime client and JVM. */
    public static final String APP_CDS_ARCHIVE = "app-cds.jsa";
    private static final FileTime INSTALLED_TIME = FileTime.fromMillis(0);

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
     * Launches the runtime interface client as Lambda's Java runtime does: the client alone on the class path, the
     * task root (the working directory) and its {@code lib/} loaded by the client's own class loader, C1 only. A task
     * root holding {@value #APP_CDS_ARCHIVE} is run with it, as the SAM template's {@code JAVA_TOOL_OPTIONS} runs it
     * from {@code /var/task}.
     *
     * @param runtimeClient the class path of aws-lambda-java-runtime-interface-client and its serialization library
     * @param handler the handler, such as {@code dev.bindery.lambda.BinderyStreamHandler::handleRequest}
     * @param runtimeApi {@code host:port} of the Runtime API
     */
    public static Process launch(Path task, List<String> runtimeClient, String handler, String runtimeApi, Path log)
            throws IOException {
        return launch(task, runtimeClient, handler, runtimeApi, log, List.of(), Map.of());
    }

    /** As {@link #launch(Path, List, String, String, Path)}, with more environment variables of the function. */
    public static Process launch(Path task, List<String> runtimeClient, String handler, String runtimeApi, Path log,
            Map<String, String> environment) throws IOException {
        return launch(task, runtimeClient, handler, runtimeApi, log, List.of(), environment);
    }

    /**
     * As {@link #launch(Path, List, String, String, Path)}, with more JVM options (before the archive's) and more
     * environment variables of the function, as its configuration sets them.
     */
    public static Process launch(Path task, List<String> runtimeClient, String handler, String runtimeApi, Path log,
            List<String> jvmOptions, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        Path archive = task.resolve(APP_CDS_ARCHIVE);
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, runtimeClient),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(task.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "bindery");
        // Lambda always sets the region: the AWS clients (the AWS secret stores) read it
        builder.environment().put("AWS_REGION", "us-east-1");
        // what this JVM was started with is not the function's
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * The runtime interface client's jars of this JVM's class path, installed as a Lambda runtime has them: in one
     * directory that does not move ({@code bindery-lambda-runtime/lib} under the temporary directory, as Lambda's
     * {@code /var/runtime/lib}), in name order, each with a fixed modification time. A JVM checks an AppCDS archive's
     * class path by path, size and time, so a package trained by one build runs with its archive when launched by
     * another process of this machine (a test, the bench) with the same client version.
     *
     * @return the installed jars, absolute
     */
    public static List<String> runtimeClientOnClassPath() throws IOException {
        Path lib = Path.of(System.getProperty("java.io.tmpdir"), "bindery-lambda-runtime", "lib");
        Files.createDirectories(lib);
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            // the client, its serialization library, the AWS SDK's utils-lite it uses and the Lambda core API (Lambda
            // has it on the class path, before the task's own copy)
            if (name.startsWith("aws-lambda-java-runtime-interface-client") || name.startsWith("aws-lambda-java-core")
                    || name.startsWith("aws-lambda-java-serialization") || name.startsWith("utils-lite")) {
                jars.add(install(jar, lib.resolve(name)).toString());
            }
        }
        Collections.sort(jars);
        return jars;
    }

    private static Path install(Path jar, Path installed) throws IOException {
        if (!Files.isRegularFile(installed) || Files.size(installed) != Files.size(jar)
                || !Files.getLastModifiedTime(installed).equals(INSTALLED_TIME)) {
            // another build may install the same jar at once: each writes its own copy and moves it in whole
            Path copy = Files.createTempFile(installed.getParent(), installed.getFileName().toString(), ".tmp");
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(copy, INSTALLED_TIME);
            Files.move(copy, installed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return installed;
    }
}

package dev.bindery.cli.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;

/**
 * Finds an application's {@code quarkus-run.jar} and builds it when needed: when there is none, or when the
 * project's {@code pom.xml} or a file under {@code src/} is newer. Builds with {@code ./mvnw} when the project has
 * the wrapper, else {@code mvn}: {@code -B -q package -DskipTests}.
 */
public final class AppBuild {

    static final Path RUN_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private AppBuild() {
    }

    /** @return the runnable jar of an app given as a directory or a jar */
    public static Path runJar(Path app) {
        return Files.isDirectory(app) ? app.resolve(RUN_JAR) : app;
    }

    /** @return whether the app (a project directory) has no runnable jar, or sources newer than it */
    public static boolean needsBuild(Path project) {
        Path jar = project.resolve(RUN_JAR);
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            if (newer(project.resolve("pom.xml"), built)) {
                return true;
            }
            Path sources = project.resolve("src");
            if (!Files.isDirectory(sources)) {
                return false;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                return files.filter(Files::isRegularFile).anyMatch(file -> newer(file, built));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the build command for a project: its Maven wrapper when it has one */
    public static List<String> command(Path project) {
        List<String> command = new ArrayList<>();
        Path wrapper = project.resolve("mvnw");
        command.add(Files.isExecutable(wrapper) ? wrapper.toAbsolutePath().toString() : "mvn");
        command.addAll(List.of("-B", "-q", "package", "-DskipTests"));
        return command;
    }

    /** Builds the project, its output on {@code log}; fails naming the command and its exit code. */
    public static void build(Path project, PrintWriter log) {
        List<String> command = command(project);
        log.println("Building " + project + ": " + String.join(" ", command));
        log.flush();
        Process process;
        try {
            process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot run " + command.get(0) + " to build " + project
                    + ": is Maven installed and on the PATH? (" + e.getMessage() + ")");
        }
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                log.println(line);
                log.flush();
            }
            int exit = process.waitFor();
            if (exit != 0) {
                throw new CliException(ExitCodes.ERROR, String.join(" ", command) + " failed in " + project
                        + " (exit code " + exit + "): see its output above");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted while building " + project);
        }
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code src/main/docker/Dockerfile.jvm} without a Docker engine: its instructions are read, and its build is replayed
 * in a directory standing for the image's file system ({@code target/jvm-image/<stage>/}): the {@code COPY}s, then the
 * {@code RUN} that trains the start-up archive, the same command with the image's paths under that directory, with the
 * JDK the image would have. The app is then launched by the image's {@code ENTRYPOINT} with the stage's
 * {@code JAVA_OPTS} and the generated Service's {@code JAVA_TOOL_OPTIONS}, plus the option that makes the JVM exit when
 * it cannot use the archive: an archive the JVM would ignore fails here instead of slowing start-up unnoticed. The AOT
 * cache needs a JDK 25 or newer: {@code -Daot.java}, else one installed beside the JDK running the tests; without one,
 * that test is skipped.
 */
class JvmImageIT {

    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    static final String TRAINING_SCRIPT = "train-appcds.sh";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theImageRunsJdk25WithItsAotCacheTrainedInTheImageByTheBuildsScript() throws IOException {
        Dockerfile dockerfile = Dockerfile.read(DOCKERFILE);

        assertThat(dockerfile.argDefault("JAVA_IMAGE")).matches("eclipse-temurin:25(\\.[0-9._]+)?-jdk");
        assertThat(dockerfile.argDefault("STARTUP_ARCHIVE")).isEqualTo("aot");
        assertThat(dockerfile.lastFrom()).isEqualTo("${STARTUP_ARCHIVE}");
        assertThat(dockerfile.env("aot", "JAVA_OPTS")).contains("-XX:AOTCache=app.aot");
        assertThat(dockerfile.env("appcds", "JAVA_OPTS")).contains("-XX:SharedArchiveFile=app-cds.jsa");
        assertThat(dockerfile.trainingRun()).isEqualTo(
                "bash /tmp/training/train-appcds.sh /deployments \"$STARTUP_ARCHIVE\" \"${JAVA_HOME:?}\" "
                        + "/tmp/training/service.yaml");
        assertThat(dockerfile.instructions("app", "COPY"))
                .as("the archives the build trained are for its JDKs: the image trains its own")
                .noneMatch(copy -> copy.contains(".jsa") || copy.contains(".aot"))
                .contains("src/build/train-appcds.sh target/knativ[e] /tmp/training/");
        assertThat(dockerfile.instructions("app", "ENTRYPOINT"))
                .containsExactly("[\"sh\", \"-c\", \"exec java $JAVA_OPTS -jar quarkus-run.jar\"]");
    }

    @Test
    void theAotCacheTheImageTrainsIsTheOneItsJdk25Uses() throws Exception {
        Optional<Path> jdk = Jdks.find(25, System.getProperty("aot.java"));
        assumeTrue(jdk.isPresent(), "no JDK 25 or newer: set -Daot.java=<its home>");

        assertTheImageStartsWithItsArchive("aot", jdk.get(), "-XX:AOTMode=on");
    }

    @Test
    void theJava17FallbackTrainsItsAppCdsArchiveTheSameWay() throws Exception {
        assertTheImageStartsWithItsArchive("appcds", Path.of(System.getProperty("java.home")), "-Xshare:on");
    }

    /**
     * Replays the build of the stage on the JDK and launches its entry point, the archive required.
     *
     * @param requireArchive the option that makes the JVM exit when it cannot use the archive
     */
    static void assertTheImageStartsWithItsArchive(String stage, Path jdk, String requireArchive) throws Exception {
        Dockerfile dockerfile = Dockerfile.read(DOCKERFILE);
        Path root = Path.of("target/jvm-image", stage).toAbsolutePath();
        delete(root);
        Map<String, String> environment = Map.of("JAVA_HOME", jdk.toString(), "STARTUP_ARCHIVE", stage);
        for (String copy : dockerfile.instructions("app", "COPY")) {
            copy(copy, root);
        }
        Path workdir = Path.of(under(root, dockerfile.instructions("app", "WORKDIR").get(0)));
        Path log = root.resolve("training.log");
        assertThat(run(List.of("bash", "-c", under(root, dockerfile.trainingRun())), workdir, environment, log))
                .as("the training:\n%s", readIfExists(log)).isZero();
        assertThat(workdir.resolve(stage.equals("aot") ? "app.aot" : "app-cds.jsa")).isNotEmptyFile();

        Map<String, String> runtime = new HashMap<>(environment);
        runtime.put("JAVA_OPTS", dockerfile.env(stage, "JAVA_OPTS"));
        runtime.put("JAVA_TOOL_OPTIONS", serviceJvmOptions() + " " + requireArchive);
        runtime.put("PATH", jdk.resolve("bin") + ":" + System.getenv("PATH"));
        int port = PackagedApp.freePort();
        runtime.put("PORT", Integer.toString(port));
        List<String> entrypoint = new ObjectMapper().readerForListOf(String.class)
                .readValue(dockerfile.instructions("app", "ENTRYPOINT").get(0));
        Path appLog = root.resolve("app.log");
        Process app = start(entrypoint, workdir, runtime, appLog);
        try {
            awaitReady(app, port, appLog);
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                    .header("ce-specversion", "1.0").header("ce-id", "image-1").header("ce-source", "/jvm-image-it")
                    .header("ce-type", "greet").header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.body()).contains("Hello, Ada!");
        } finally {
            app.destroy();
            if (!app.waitFor(30, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor();
            }
        }
    }

    /** @return the JVM options the generated Service sets, as the training script reads them */
    static String serviceJvmOptions() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("target/knative/service.yaml"));
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).trim().equals("- name: JAVA_TOOL_OPTIONS")) {
                return lines.get(i + 1).replaceFirst("^\\s*value:\\s*", "").replaceAll("^\"|\"$", "");
            }
        }
        return "";
    }

    /** {@code COPY [--chown=…] <sources, relative to the module> <destination>}, into the image's directory. */
    static void copy(String instruction, Path root) throws IOException {
        List<String> words = new ArrayList<>(List.of(instruction.split("\\s+")));
        words.removeIf(word -> word.startsWith("--"));
        String destination = words.remove(words.size() - 1);
        Path target = Path.of(root + destination);
        for (String source : words) {
            Path from = Path.of(source);
            try (Stream<Path> matches = Files.list(from.getParent())) {
                for (Path match : matches.filter(path -> path.getFileSystem()
                        .getPathMatcher("glob:" + from).matches(path)).toList()) {
                    copyTree(match, Files.isDirectory(match) ? target : target.resolve(match.getFileName()));
                }
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.createDirectories(copy.getParent());
                    Files.copy(path, copy);
                }
            }
        }
    }

    /** @return the command with every absolute path (a word starting with {@code /}) under the image's directory */
    static String under(Path root, String command) {
        return command.replaceAll("(^|\\s)/", "$1" + Matcher.quoteReplacement(root.toString()) + "/");
    }

    static int run(List<String> command, Path directory, Map<String, String> environment, Path log) throws Exception {
        Process process = start(command, directory, environment, log);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // the app the training runs
            process.destroyForcibly().waitFor();
            throw new AssertionError(command + " took over 5 minutes:\n" + readIfExists(log));
        }
        return process.exitValue();
    }

    static Process start(List<String> command, Path directory, Map<String, String> environment, Path log)
            throws IOException {
        Files.createDirectories(directory);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().putAll(environment);
        return builder.start();
    }

    static void awaitReady(Process app, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!app.isAlive()) {
                throw new AssertionError("The image's app exited with " + app.exitValue() + ":\n" + readIfExists(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The image's app was not ready within 90 s:\n" + readIfExists(log));
    }

    static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** The JDKs of a Java version or newer: the one configured, else one installed beside the JDK running this. */
    static final class Jdks {

        static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

        static Optional<Path> find(int feature, String configured) throws IOException {
            if (configured != null && !configured.isBlank()) {
                Path jdk = Path.of(configured);
                // a JDK's home or its java
                return Optional.of(Files.isDirectory(jdk) ? jdk : jdk.toAbsolutePath().getParent().getParent())
                        .filter(Jdks::recordsAotCaches);
            }
            Path installed = Path.of(System.getProperty("java.home")).toAbsolutePath().getParent();
            try (Stream<Path> homes = Files.list(installed)) {
                return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                        .filter(home -> version(home) >= feature).sorted().filter(Jdks::recordsAotCaches).findFirst();
            }
        }

        /** @return whether the JDK's java takes {@code -XX:AOTCacheOutput} (an early access build may not) */
        static boolean recordsAotCaches(Path home) {
            try {
                Process flags = new ProcessBuilder(home.resolve("bin/java").toString(), "-XX:+PrintFlagsFinal", "-version")
                        .redirectErrorStream(true).start();
                boolean found = new String(flags.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                        .contains(" AOTCacheOutput ");
                return flags.waitFor() == 0 && found;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        static int version(Path home) {
            try {
                Matcher version = VERSION.matcher(Files.readString(home.resolve("release")));
                return version.find() ? Integer.parseInt(version.group(1)) : 0;
            } catch (IOException noRelease) {
                return 0;
            }
        }
    }

    /** The instructions of a Dockerfile, by stage ({@code FROM … AS <stage>}; before the first, stage {@code ""}). */
    record Dockerfile(Map<String, List<String[]>> stages, String lastFrom) {

        static final Pattern INSTRUCTION = Pattern.compile("(?s)([A-Z]+)\\s+(.*)");

        static Dockerfile read(Path file) throws IOException {
            Map<String, List<String[]>> stages = new LinkedHashMap<>();
            List<String[]> current = new ArrayList<>();
            stages.put("", current);
            String lastFrom = null;
            String text = Files.readString(file).replaceAll("\\\\\\n\\s*", " ");
            for (String line : text.split("\n")) {
                Matcher instruction = INSTRUCTION.matcher(line.trim());
                if (line.isBlank() || line.trim().startsWith("#") || !instruction.matches()) {
                    continue;
                }
                String keyword = instruction.group(1);
                String arguments = instruction.group(2).trim();
                if (keyword.equals("FROM")) {
                    String[] from = arguments.split("\\s+(?i:as)\\s+");
                    lastFrom = from[0];
                    current = new ArrayList<>();
                    stages.put(from.length > 1 ? from[1] : "#" + stages.size(), current);
                }
                current.add(new String[]{keyword, arguments});
            }
            return new Dockerfile(stages, lastFrom);
        }

        List<String> instructions(String stage, String keyword) {
            assertThat(stages).containsKey(stage);
            return stages.get(stage).stream().filter(instruction -> instruction[0].equals(keyword))
                    .map(instruction -> instruction[1]).toList();
        }

        /** @return the default of a global {@code ARG name=default} */
        String argDefault(String name) {
            return instructions("", "ARG").stream().filter(arg -> arg.startsWith(name + "="))
                    .map(arg -> arg.substring(name.length() + 1)).findFirst().orElseThrow();
        }

        /** @return the value of {@code ENV name="value"} in the stage */
        String env(String stage, String name) {
            return instructions(stage, "ENV").stream().filter(env -> env.startsWith(name + "="))
                    .map(env -> env.substring(name.length() + 1).replaceAll("^\"|\"$", "")).findFirst().orElseThrow();
        }

        /** @return the one {@code RUN} of the app's stage that runs the training script */
        String trainingRun() {
            List<String> runs = instructions("app", "RUN").stream().filter(run -> run.contains(TRAINING_SCRIPT)).toList();
            assertThat(runs).hasSize(1);
            return runs.get(0);
        }
    }
}

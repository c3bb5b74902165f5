package dev.bindery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/**
 * {@code bindery new} as a user runs it: each project is generated, built by its own Maven process, offline, against
 * the Bindery artifacts this build installed in the local repository (the invoker plugin's {@code install} goal, see
 * the pom), its generated tests run by that build; then the packaged application is started with {@code java -jar} on
 * a free port and its function is called over HTTP. A failed project is left in the temporary directory, with its
 * {@code build.log} and {@code app.log}.
 */
class NewProjectIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void theDefaultProjectBuildsOfflineAndItsPackagedAppAnswersItsFunction() throws Exception {
        Path project = generate("greetings");

        build(project);

        assertThat(testsRun(project)).isEqualTo(3);
        try (PackagedApp app = PackagedApp.start(project)) {
            assertGreets(app, "org.acme");
        }
    }

    @Test
    void withStateAndPubSubTheAppRunsOnEmbeddedInfinispanAndInMemoryPubSub() throws Exception {
        Path project = generate("orders", "--blocks", "state,pubsub", "--group", "com.example.orders");

        build(project);

        assertThat(testsRun(project)).isEqualTo(3);
        assertThat(libraries(project)).anyMatch(jar -> jar.contains("bindery-state-infinispan"))
                .anyMatch(jar -> jar.contains("bindery-pubsub-kafka"));
        try (PackagedApp app = PackagedApp.start(project)) {
            assertThat(project.resolve("bindery-data/default"))
                    .as("the eager default store opened embedded Infinispan before the app was ready").isDirectory();
            assertThat(assertGreets(app, "com.example.orders").path("greetings").asLong()).isEqualTo(1);
            assertThat(assertGreets(app, "com.example.orders").path("greetings").asLong()).isEqualTo(2);
        }
        try (PackagedApp restarted = PackagedApp.start(project)) {
            assertThat(assertGreets(restarted, "com.example.orders").path("greetings").asLong())
                    .as("the count survived the restart, on disk under bindery-data/").isEqualTo(3);
        }
    }

    @Test
    void withBindingsAndKnativeTheBuildWritesTheFunctionsTriggerAndTheAppServesIt() throws Exception {
        Path project = generate("events", "--blocks", "bindings,knative");

        build(project);

        assertThat(testsRun(project)).isEqualTo(3);
        assertThat(libraries(project)).anyMatch(jar -> jar.contains("bindery-bindings-camel"));
        assertThat(project.resolve("target/knative/service.yaml")).isRegularFile();
        assertThat(Files.readString(project.resolve("target/knative/triggers.yaml"))).contains("org.acme.greet");
        try (PackagedApp app = PackagedApp.start(project)) {
            assertGreets(app, "org.acme");
        }
        // the training of its image (src/main/docker/Dockerfile.jvm runs it on /deployments with the image's JDK), with
        // a JDK 25 when one is installed beside this one; then the app on it with the Service's JVM options, the cache
        // required (-XX:AOTMode=on: the JVM exits when it cannot use it)
        Optional<Path> jdk25 = jdk(25);
        if (jdk25.isPresent()) {
            Path log = project.resolve("training.log");
            Process training = new ProcessBuilder("bash", "src/main/docker/train-aot.sh", "target/quarkus-app", "aot",
                    jdk25.get().toString(), "target/knative/service.yaml").directory(project.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!training.waitFor(5, TimeUnit.MINUTES)) {
                training.descendants().forEach(ProcessHandle::destroyForcibly); // the app it trains
                training.destroyForcibly();
                throw new AssertionError("The training took over 5 minutes:\n" + Files.readString(log));
            }
            assertThat(training.exitValue()).as(Files.readString(log)).isZero();
            assertThat(project.resolve("target/quarkus-app/app.aot")).isNotEmptyFile();
            assertThat(project.resolve("target/quarkus-app/data")).as("the app trained in a scratch directory").doesNotExist();
            Matcher options = Pattern.compile("name: JAVA_TOOL_OPTIONS\\s+value: \"?([^\"\\n]*)").matcher(
                    Files.readString(project.resolve("target/knative/service.yaml")));
            assertThat(options.find()).as("the Service sets JAVA_TOOL_OPTIONS").isTrue();
            String serviceJvmOptions = options.group(1);
            try (PackagedApp app = PackagedApp.start(project, jdk25.get(), serviceJvmOptions + " -XX:AOTMode=on",
                    "-XX:AOTCache=target/quarkus-app/app.aot")) {
                assertGreets(app, "org.acme");
            }
        }
    }

    @Test
    void withLambdaTheBuildTestsTheFunctionThroughTheRuntimeApiAndMakesTheZip() throws Exception {
        Path project = generate("greetings-lambda", "--blocks", "lambda,state");

        build(project);

        assertThat(testsRun(project)).as("the generated Lambda tests").isEqualTo(2);
        assertThat(project.resolve("target/function.zip")).isRegularFile();
    }

    Path generate(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("new", name, "--dir", work.resolve(name).toString()));
        args.addAll(List.of(options));
        StringWriter err = new StringWriter();
        CommandLine command = Bindery.commandLine();
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(err));
        assertThat(command.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
        return work.resolve(name);
    }

    /** Runs {@code mvn -B -o -q package} in the project, as its user would (offline: everything is local). */
    static void build(Path project) throws Exception {
        Path mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn");
        Path log = project.resolve("build.log");
        Process maven = new ProcessBuilder(mvn.toString(), "-B", "-o", "-q",
                "-Dmaven.repo.local=" + System.getProperty("bindery.local.repository"), "package")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!maven.waitFor(10, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
            throw new AssertionError("The build of " + project + " took over 10 minutes:\n" + Files.readString(log));
        }
        assertThat(maven.exitValue()).as("mvn package in %s:\n%s", project, Files.readString(log)).isZero();
    }

    /** @return how many tests the project's build ran, from its Surefire report; fails if one failed */
    static int testsRun(Path project) throws IOException {
        String report = Files.readString(
                project.resolve("target/surefire-reports/TEST-" + packageOf(project) + ".GreeterTest.xml"));
        assertThat(report).contains("failures=\"0\"", "errors=\"0\"", "skipped=\"0\"");
        return Integer.parseInt(report.replaceAll("(?s).*?<testsuite[^>]* tests=\"(\\d+)\".*", "$1"));
    }

    static String packageOf(Path project) throws IOException {
        try (Stream<Path> sources = Files.walk(project.resolve("src/main/java"))) {
            Path greeter = sources.filter(path -> path.endsWith("Greeter.java")).findFirst().orElseThrow();
            return project.resolve("src/main/java").relativize(greeter.getParent()).toString().replace('/', '.');
        }
    }

    static List<String> libraries(Path project) throws IOException {
        try (Stream<Path> jars = Files.list(project.resolve("target/quarkus-app/lib/main"))) {
            return jars.map(jar -> jar.getFileName().toString()).toList();
        }
    }

    /** @return a JDK of this Java version or newer installed beside the one running this, if there is one */
    static Optional<Path> jdk(int feature) throws IOException {
        try (Stream<Path> homes = Files.list(Path.of(System.getProperty("java.home")).toAbsolutePath().getParent())) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java"))).filter(home -> {
                try {
                    Matcher version = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)")
                            .matcher(Files.readString(home.resolve("release")));
                    return version.find() && Integer.parseInt(version.group(1)) >= feature;
                } catch (IOException noRelease) {
                    return false;
                }
            }).sorted().findFirst();
        }
    }

    /**
     * Sends a binary-mode CloudEvent greeting Ada and a plain JSON request without a name, and checks the replies.
     *
     * @return the data of the reply to the CloudEvent
     */
    static JsonNode assertGreets(PackagedApp app, String group) throws Exception {
        HttpResponse<String> event = HTTP.send(HttpRequest.newBuilder(app.uri("/"))
                .header("ce-specversion", "1.0").header("ce-id", "it-1").header("ce-source", "/new-project-it")
                .header("ce-type", group + ".greet").header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(event.statusCode()).as(event.body()).isEqualTo(200);
        assertThat(event.headers().firstValue("ce-type")).hasValue(group + ".greeted");
        JsonNode reply = JSON.readTree(event.body());
        assertThat(reply.path("message").asText()).isEqualTo("Hello, Ada!");

        HttpResponse<String> plain = HTTP.send(HttpRequest.newBuilder(app.uri("/greet"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).as("no name: rejected").isEqualTo(422);
        return reply;
    }

    /** The project's packaged application, started as {@code java -jar} with {@code PORT} set, in the project. */
    record PackagedApp(Process process, int port, Path log) implements AutoCloseable {

        static PackagedApp start(Path project) throws Exception {
            return start(project, Path.of(System.getProperty("java.home")), null);
        }

        /** @param toolOptions the JVM's {@code JAVA_TOOL_OPTIONS} (null: none) */
        static PackagedApp start(Path project, Path jdk, String toolOptions, String... jvmOptions) throws Exception {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path log = project.resolve("app.log");
            List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/java").toString()));
            command.addAll(List.of(jvmOptions));
            command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            if (toolOptions != null) {
                builder.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
            }
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("QUARKUS_OTEL_SDK_DISABLED", "true");
            PackagedApp app = new PackagedApp(builder.start(), port, log);
            try {
                app.awaitReady(Duration.ofSeconds(90));
            } catch (Throwable notReady) {
                app.close();
                throw notReady;
            }
            return app;
        }

        URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        void awaitReady(Duration timeout) throws Exception {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new AssertionError("The application exited with " + process.exitValue() + ":\n"
                            + Files.readString(log));
                }
                try {
                    HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) {
                        JsonNode health = JSON.readTree(ready.body());
                        assertThat(health.path("status").asText()).isEqualTo("UP");
                        return;
                    }
                } catch (IOException notListeningYet) {
                    // not yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("The application was not ready within " + timeout + ":\n" + Files.readString(log));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}

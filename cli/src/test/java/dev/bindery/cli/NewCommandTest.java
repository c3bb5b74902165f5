package dev.bindery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code bindery new} run in-process: what it writes, and what it refuses. */
class NewCommandTest {

    @TempDir
    Path work;

    record Run(int exitCode, String out, String err) {
    }

    static Run bindery(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Bindery.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    Run generate(String name, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("new", name, "--dir", work.resolve(name).toString()));
        args.addAll(List.of(options));
        return bindery(args.toArray(String[]::new));
    }

    @Test
    void theDefaultProjectIsTheHostWithOneFunctionItsTestConfigurationAndAReadme() throws IOException {
        Run run = generate("greetings");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path project = work.resolve("greetings");
        assertThat(files(project)).containsExactly(".gitignore", "README.md", "pom.xml",
                "src/main/java/org/acme/Greeter.java", "src/main/resources/application.properties",
                "src/test/java/org/acme/GreeterTest.java");
        assertThat(run.out()).contains("Created " + project, "src/main/java/org/acme/Greeter.java", "mvn package");

        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom).contains("<groupId>org.acme</groupId>", "<artifactId>greetings</artifactId>",
                "<artifactId>bindery-bom</artifactId>", "<artifactId>bindery-function-host</artifactId>",
                "<artifactId>quarkus-maven-plugin</artifactId>", "<scope>import</scope>")
                .doesNotContain("bindery-state-infinispan", "bindery-lambda");
        assertThat(Files.readString(project.resolve("src/main/java/org/acme/Greeter.java")))
                .contains("package org.acme;", "@Funq", "@OnEvent(type = \"org.acme.greet\")",
                        "@ReplyWith(type = \"org.acme.greeted\")");
        assertThat(Files.readString(project.resolve("src/test/java/org/acme/GreeterTest.java")))
                .contains("@QuarkusTest", ".post(\"/\")", "\"org.acme.greet\"");
        assertThat(Files.readString(project.resolve("src/main/resources/application.properties")))
                .contains("quarkus.application.name=greetings").doesNotContain("bindery.state");
        assertThat(Files.readString(project.resolve("README.md"))).startsWith("# greetings")
                .contains("building blocks: none", "java -jar target/quarkus-app/quarkus-run.jar")
                .doesNotContain("## State");
    }

    @Test
    void noPlaceholderIsLeftInAnyFileOfAnyBlock() throws IOException {
        generate("everything", "--blocks", "state,pubsub,bindings,knative");
        generate("everything-lambda", "--blocks", "state,pubsub,bindings,lambda");

        for (Path project : List.of(work.resolve("everything"), work.resolve("everything-lambda"))) {
            for (String file : files(project)) {
                assertThat(Files.readString(project.resolve(file))).as(file)
                        .doesNotContainPattern("@[a-zA-Z][a-zA-Z0-9]*@");
            }
        }
    }

    @Test
    void theVersionsAreThoseOfThisBuild() throws IOException {
        generate("versions");

        String pom = Files.readString(work.resolve("versions/pom.xml"));
        assertThat(pom).containsPattern("<bindery.version>\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?</bindery.version>")
                .containsPattern("<quarkus.version>3\\.\\d+\\.\\d+</quarkus.version>")
                .doesNotContain("${project.version}", "${quarkus.version}</quarkus.version>");
    }

    @Test
    void eachBlockAddsItsModuleItsConfigurationAndItsReadmeSection() throws IOException {
        Run run = generate("shop", "--blocks", "state,pubsub,bindings,knative", "--group", "com.example.shop");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path project = work.resolve("shop");
        assertThat(files(project)).contains("src/main/java/com/example/shop/Greeter.java",
                "src/main/docker/Dockerfile.jvm");
        assertThat(Files.readString(project.resolve("pom.xml"))).contains("<artifactId>bindery-state-infinispan</artifactId>",
                "<artifactId>bindery-pubsub-kafka</artifactId>", "<artifactId>bindery-bindings-camel</artifactId>")
                .doesNotContain("bindery-lambda", "quarkus-amazon-lambda");
        assertThat(Files.readString(project.resolve("src/main/resources/application.properties")))
                .contains("bindery.state.default.start=eager", "bindery.pubsub.default.idempotency=true",
                        "bindery.bindings.outbox.file=data/outbox", "bindery.knative.container-concurrency=100");
        assertThat(Files.readString(project.resolve("README.md")))
                .contains("building blocks: state,pubsub,bindings,knative", "## State", "## Pub/sub", "## Bindings",
                        "## Knative", "type: com.example.shop.greet");
    }

    @Test
    void theKnativeImageRunsJdk25WithAnAotCacheItsOwnJvmTrainsWhileTheImageIsBuilt() throws IOException {
        Run run = generate("events", "--blocks", "knative");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path project = work.resolve("events");
        assertThat(files(project)).contains("src/main/docker/Dockerfile.jvm", "src/main/docker/train-aot.sh");
        assertThat(Files.readString(project.resolve("src/main/docker/Dockerfile.jvm")).lines())
                .contains("ARG JAVA_IMAGE=eclipse-temurin:25-jdk", "ARG STARTUP_ARCHIVE=aot",
                        "COPY src/main/docker/train-aot.sh target/knativ[e] /tmp/training/",
                        "RUN bash /tmp/training/train-aot.sh /deployments \"$STARTUP_ARCHIVE\" \"${JAVA_HOME:?}\" "
                                + "/tmp/training/service.yaml",
                        "ENTRYPOINT [\"sh\", \"-c\", \"exec java $JAVA_OPTS -jar quarkus-run.jar\"]",
                        "ENV JAVA_OPTS=\"-XX:MaxRAMPercentage=75 -XX:+UseCompressedOops -XX:AOTCache=app.aot\"",
                        "ENV JAVA_OPTS=\"-XX:MaxRAMPercentage=75 -XX:+UseCompressedOops "
                                + "-XX:SharedArchiveFile=app-cds.jsa\"",
                        "FROM ${STARTUP_ARCHIVE}");
        assertThat(Files.readString(project.resolve("src/main/resources/application.properties")))
                .as("the AOT cache preloads the classes of the JVM's class path").contains("quarkus.package.jar.type=aot-jar");
    }

    @Test
    void theLambdaBlockMakesALambdaPackageTestedThroughTheRuntimeApi() throws IOException {
        Run run = generate("fn", "--blocks", "LAMBDA,state");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path project = work.resolve("fn");
        assertThat(Files.readString(project.resolve("pom.xml"))).contains("<artifactId>bindery-lambda</artifactId>",
                "<artifactId>quarkus-amazon-lambda</artifactId>", "<artifactId>bindery-state-infinispan</artifactId>");
        assertThat(Files.readString(project.resolve("src/test/java/org/acme/GreeterTest.java")))
                .contains("Lambda Runtime API", "\"function\\\":\\\"greet\\\"".replace("\\\\", "\\"))
                .doesNotContain(".post(\"/\")");
        assertThat(Files.readString(project.resolve("README.md"))).contains("target/function.zip")
                .doesNotContain("java -jar target/quarkus-app/quarkus-run.jar");
    }

    @Test
    void anInvalidNameIsRefusedNamingWhatIsWrong() {
        Run run = bindery("new", "My Functions", "--dir", work.resolve("x").toString());

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("The project name 'My Functions' is not valid",
                "lower-case letters, digits and single hyphens", "e.g. 'my-functions'");
        assertThat(work.resolve("x")).doesNotExist();
    }

    @Test
    void anUnknownBlockIsRefusedListingTheBlocksThereAre() {
        Run run = generate("orders", "--blocks", "state,actors");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("There is no building block 'actors'",
                "state, pubsub, bindings, lambda, knative");
        assertThat(work.resolve("orders")).doesNotExist();
    }

    @Test
    void lambdaAndKnativeAreRefusedTogether() {
        Run run = generate("orders", "--blocks", "lambda,knative");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("lambda and knative are two deployment targets");
    }

    @Test
    void anInvalidGroupIsRefused() {
        Run run = generate("orders", "--group", "com.example.class");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("The group 'com.example.class' is not valid", "e.g. 'org.acme'");
    }

    @Test
    void anExistingDirectoryIsNeverWrittenInto() throws IOException {
        Path existing = Files.createDirectories(work.resolve("orders"));
        Files.writeString(existing.resolve("pom.xml"), "mine");

        Run run = generate("orders");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("orders exists already", "never writes into an existing directory");
        assertThat(Files.readString(existing.resolve("pom.xml"))).isEqualTo("mine");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("no staging directory is left behind").containsExactly(existing);
        }
    }

    @Test
    void theHelpNamesTheBlocksAndGivesExamples() {
        Run run = bindery("new", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--blocks", "--group", "--dir", "bindery new orders --blocks state,pubsub");
        assertThat(run.out().replaceAll("\\s+", " ")).contains("state, pubsub, bindings, lambda, knative");
    }

    static List<String> files(Path project) throws IOException {
        try (Stream<Path> paths = Files.walk(project)) {
            return paths.filter(Files::isRegularFile).map(path -> project.relativize(path).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }
}

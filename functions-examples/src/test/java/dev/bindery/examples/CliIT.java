package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.cli.Bindery;
import dev.bindery.cli.ExitCodes;

import picocli.CommandLine;

/**
 * The {@code bindery} command run in-process against the packaged example app: each command's output (as a table and
 * as JSON) and exit code; {@code deploy --dry-run} against the manifests the build wrote; {@code run} starting the
 * packaged app, and {@code run -f} starting two that invoke each other.
 */
class CliIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path APP_DIR = Path.of(System.getProperty("bindery.app.dir", "target/quarkus-app"));

    static PackagedApp app;
    static String url;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("bindery-cli");
        app = PackagedApp.launch(dataDirs(data), Map.of(), PackagedApp.freePort(), Files.createTempFile("cli", ".log"))
                .awaitReady(Duration.ofSeconds(60));
        url = app.baseUri().toString().replaceAll("/$", "");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.process().destroyForcibly();
        }
    }

    static List<String> dataDirs(Path data) {
        return List.of("bindery.state.default.data-dir=" + data.resolve("state/default"),
                "bindery.state.orders.data-dir=" + data.resolve("state/orders"),
                "bindery.bindings.uploads.file=" + data.resolve("uploads"),
                "bindery.bindings.uploads-failed.file=" + data.resolve("uploads-failed"),
                "bindery.bindings.reports.file=" + data.resolve("reports"));
    }

    static Run bindery(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Bindery.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String order(String id, int quantity) {
        return "{\"id\":\"" + id + "\",\"item\":\"kettle\",\"quantity\":" + quantity + "}";
    }

    @Test
    void invokePrintsTheReplyEventsHeadersAndData() {
        Run greet = bindery("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--app", url);

        assertThat(greet.exit()).as(greet.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(greet.out().lines()).contains("ce-specversion: 1.0", "ce-source: greet", "ce-type: greet.output",
                "content-type: application/json", "", "{\"message\":\"Hello, Ada!\"}");
        assertThat(greet.err()).isEmpty();
    }

    @Test
    void invokeInStructuredModeGetsAStructuredReplyPrintedTheSameWay() {
        Run greet = bindery("invoke", "greet", "--data", "{\"name\":\"Grace\"}", "--structured", "--app", url);

        assertThat(greet.exit()).as(greet.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(greet.out().lines()).contains("ce-type: greet.output", "{\"message\":\"Hello, Grace!\"}");
    }

    @Test
    void invokePrintsTheReplyAsAStructuredEventInJson() throws Exception {
        Run greet = bindery("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--subject", "s-1", "--output", "json",
                "--app", url);

        assertThat(greet.exit()).as(greet.err()).isEqualTo(ExitCodes.SUCCESS);
        JsonNode reply = JSON.readTree(greet.out());
        assertThat(reply.path("type").asText()).isEqualTo("greet.output");
        assertThat(reply.path("source").asText()).isEqualTo("greet");
        assertThat(reply.path("data").path("message").asText()).isEqualTo("Hello, Ada!");
    }

    @Test
    void anEventTypeIsRoutedByTheAppsFilters() {
        String id = "cli-" + UUID.randomUUID();
        Run placed = bindery("invoke", "com.example.order.placed", "--data", order(id, 2), "--app", url);

        assertThat(placed.exit()).as(placed.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(placed.out()).contains("ce-type: com.example.order.accepted").contains(id);

        Run named = bindery("invoke", "getOrder", "--type", "com.example.order.get", "--data", "{\"id\":\"" + id + "\"}",
                "--app", url);
        assertThat(named.exit()).as(named.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(named.out()).contains("ce-type: com.example.order").contains("kettle");
    }

    @Test
    void aRejectedEventExitsWithThreeAndPrintsTheProblem() {
        Run rejected = bindery("invoke", "placeOrder", "--data", order("cli-bad", 0), "--app", url);

        assertThat(rejected.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(rejected.out()).isEmpty();
        assertThat(rejected.err()).contains("bindery: rejected: 422").contains(
                "The quantity must be greater than 0, was 0")
                .contains("\"type\" : \"https://bindery.dev/problems/event-rejected\"");
    }

    @Test
    void dataThatDoesNotBindIsRejected() {
        Run invalid = bindery("invoke", "placeOrder", "--data", "[1,2]", "--app", url);

        assertThat(invalid.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(invalid.err()).contains("rejected: 400");
    }

    @Test
    void nothingThereExitsWithFour() {
        Run missing = bindery("invoke", "getOrder", "--data", "{\"id\":\"cli-none\"}", "--app", url);
        assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("not found: 404");

        Run unrouted = bindery("invoke", "com.example.nobody.listens", "--data", "{}", "--app", url);
        assertThat(unrouted.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unrouted.err()).contains("no-matching-function");
    }

    @Test
    void aFailingFunctionExitsWithFive() {
        Run failed = bindery("invoke", "checkStock", "--data", "{\"item\":\"kettle\",\"failWith\":\"stock service down\"}",
                "--app", url);

        assertThat(failed.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.err()).contains("failed: 500").contains("stock service down");
    }

    @Test
    void anAppNobodyRunsIsUnreachable() throws Exception {
        Run unreachable = bindery("invoke", "greet", "--data", "{}", "--app", "http://localhost:" + PackagedApp
                .freePort());

        assertThat(unreachable.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err()).contains("cannot connect to");
    }

    @Test
    void deployKnativeDryRunPrintsTheGeneratedManifestsAndTheKubectlCommand() throws Exception {
        Run dryRun = bindery("deploy", "knative", "--dry-run", "--app", ".");

        assertThat(dryRun.exit()).as(dryRun.err()).isEqualTo(ExitCodes.SUCCESS);
        Path generated = Path.of("target/knative");
        for (String file : List.of("service.yaml", "triggers.yaml")) {
            assertThat(dryRun.out()).as(file).contains("# " + generated.resolve(file) + "\n" + Files.readString(Path
                    .of("../knative").resolve(file)));
        }
        assertThat(dryRun.out()).doesNotContain("sources.yaml").endsWith("# would run: kubectl apply -f "
                + generated.resolve("service.yaml") + " -f " + generated.resolve("triggers.yaml") + "\n");
    }

    @Test
    void deploySamDryRunPrintsTheTemplateAndTheSamCommand() throws Exception {
        Run dryRun = bindery("deploy", "sam", "--dry-run", "--app", "..", "--stack-name", "shop");

        assertThat(dryRun.exit()).as(dryRun.err()).isEqualTo(ExitCodes.SUCCESS);
        Path template = Path.of("..", "sam", "template.yaml");
        assertThat(dryRun.out()).startsWith("# " + template + "\n" + Files.readString(template));
        assertThat(dryRun.out()).endsWith("# would run: sam deploy --template-file " + template
                + " --stack-name shop --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --resolve-s3\n");
    }

    @Test
    void deployWithoutABuildSaysWhatToDo() {
        Run nothing = bindery("deploy", "knative", "--dry-run", "--app", "src");

        assertThat(nothing.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(nothing.err()).contains("no Knative manifests in src/target/knative: build the app first");
    }

    /** A {@code bindery} command running in its own thread (run blocks until interrupted, as by Ctrl-C). */
    static final class Background {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exit = new AtomicInteger(-1);
        final Thread thread;

        Background(String... args) {
            CommandLine cli = Bindery.commandLine();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            thread = new Thread(() -> exit.set(cli.execute(args)), "bindery-" + args[0]);
            thread.start();
        }

        void awaitOutput(String text, Duration timeout) throws InterruptedException {
            Instant deadline = Instant.now().plus(timeout);
            while (!out.toString().contains(text)) {
                assertThat(Instant.now()).as("'" + text + "' in the output within " + timeout + ":\n" + out + err)
                        .isBefore(deadline);
                assertThat(thread.isAlive()).as("the command ended before '" + text + "':\n" + out + err).isTrue();
                Thread.sleep(100);
            }
        }

        /** Interrupts the command, as Ctrl-C would; @return its exit code */
        int stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(45).toMillis());
            assertThat(thread.isAlive()).as("bindery stopped").isFalse();
            return exit.get();
        }

        /** Stops the command after a failed check, keeping that failure (with the command's output) the one reported. */
        void stopAfterFailure() throws InterruptedException {
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(45).toMillis());
            }
        }
    }

    @Test
    void runStartsTheAppPrintsItsEndpointsStreamsItsLogAndStopsIt() throws Exception {
        int port = PackagedApp.freePort();
        List<String> args = new ArrayList<>(List.of("run", "--app", APP_DIR.resolve("quarkus-run.jar").toString(),
                "--port", Integer.toString(port), "--no-build", "-Dbindery.secrets.local.path=secrets/local.json"));
        dataDirs(Files.createTempDirectory("bindery-run")).forEach(property -> args.add("-D" + property));
        Background run = new Background(args.toArray(String[]::new));
        try {
            run.awaitOutput("Ctrl-C stops the app.", Duration.ofSeconds(60));
            String base = "http://localhost:" + port;
            assertThat(run.out.toString()).contains("The app is ready at " + base)
                    .contains("  events     POST " + base + "/ ")
                    .contains("  functions  POST " + base + "/<function> ")
                    .contains("  health     GET  " + base + "/q/health")
                    .contains("Try:\n  bindery invoke ");

            Run greet = bindery("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--app", base);
            assertThat(greet.exit()).as(greet.err()).isZero();
            assertThat(greet.out()).contains("Hello, Ada!");
            run.awaitOutput("Listening on: http://0.0.0.0:" + port, Duration.ofSeconds(5));
        } catch (AssertionError | RuntimeException failed) {
            run.stopAfterFailure();
            throw failed;
        }
        assertThat(run.stop()).as(run.err.toString()).isEqualTo(ExitCodes.SUCCESS);
        Run after = bindery("invoke", "greet", "--data", "{}", "--app", "http://localhost:" + port);
        assertThat(after.exit()).as("the app is stopped").isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void runWithAFileStartsTwoAppsThatInvokeEachOtherByAppId() throws Exception {
        Path dir = Files.createTempDirectory("bindery-run-f");
        int orders = PackagedApp.freePort();
        int shop = PackagedApp.freePort();
        String jar = APP_DIR.resolve("quarkus-run.jar").toAbsolutePath().toString();
        String secrets = Path.of("secrets/local.json").toAbsolutePath().toString();
        Path file = Files.writeString(dir.resolve("bindery.yaml"), """
                apps:
                  - id: orders
                    app: %s
                    port: %d
                    workdir: orders
                    env: {EXAMPLES_SECRETS_FILE: %s}
                  - id: shop
                    app: %s
                    port: %d
                    workdir: shop
                    env: {EXAMPLES_SECRETS_FILE: %s}
                    properties:
                      examples.orders-app: orders
                """.formatted(jar, orders, secrets, jar, shop, secrets));
        Background run = new Background("run", "-f", file.toString(), "--no-build");
        try {
            run.awaitOutput("Ctrl-C stops the apps.", Duration.ofSeconds(90));
            assertThat(run.out.toString()).contains("App orders is ready at http://localhost:" + orders)
                    .contains("App shop is ready at http://localhost:" + shop).contains("[orders] ")
                    .contains("[shop] ");

            String id = "cli-" + UUID.randomUUID();
            Run workflow = bindery("invoke", "orderWorkflow", "--data", order(id, 3), "--app", "shop", "-f",
                    file.toString());
            assertThat(workflow.exit()).as(workflow.err()).isZero();
            assertThat(workflow.out()).contains(id);
            run.awaitOutput("[shop] ", Duration.ofSeconds(1));
            run.awaitOutput("Order " + id + " accepted", Duration.ofSeconds(10));
            assertThat(run.out.toString().lines().filter(line -> line.contains("Order " + id + " accepted")))
                    .as("the orders app accepted the order the shop app placed").allMatch(line -> line.startsWith(
                            "[orders] "));

            Run stored = bindery("invoke", "getOrder", "--data", "{\"id\":\"" + id + "\"}", "--app", "orders", "-f",
                    file.toString());
            assertThat(stored.exit()).as(stored.err()).isZero();
            assertThat(stored.out()).contains("kettle");
            Run notInShop = bindery("invoke", "getOrder", "--data", "{\"id\":\"" + id + "\"}", "--app", "shop", "-f",
                    file.toString());
            assertThat(notInShop.exit()).as("the shop app's own store does not have it").isEqualTo(ExitCodes.NOT_FOUND);

            Run rejected = bindery("invoke", "orderWorkflow", "--data", order("cli-zero", 0), "--app", "shop", "-f",
                    file.toString());
            assertThat(rejected.exit()).as("the orders app's 422 rejects the shop's event").isEqualTo(
                    ExitCodes.REJECTED);
        } catch (AssertionError | RuntimeException failed) {
            run.stopAfterFailure();
            throw failed;
        }
        assertThat(run.stop()).as(run.err.toString()).isEqualTo(ExitCodes.SUCCESS);
    }
}

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

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("bindery-cli");
        List<String> properties = new ArrayList<>(dataDirs(data));
        // the admin endpoints are off in production mode unless enabled (bindery run enables them itself)
        properties.addAll(List.of("bindery.admin.enabled=true", "bindery.admin.actions.enabled=true"));
        app = PackagedApp.launch(properties, Map.of(), PackagedApp.freePort(), Files.createTempFile("cli", ".log"))
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

    static Bindery.Execution bindery(String... args) {
        return Bindery.execute(args);
    }

    static String order(String id, int quantity) {
        return "{\"id\":\"" + id + "\",\"item\":\"kettle\",\"quantity\":" + quantity + "}";
    }

    @Test
    void invokePrintsTheReplyEventsHeadersAndData() {
        Bindery.Execution greet = bindery("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--app", url);

        assertThat(greet.exitCode()).as(greet.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(greet.out().lines()).contains("ce-specversion: 1.0", "ce-source: greet", "ce-type: greet.output",
                "content-type: application/json", "", "{\"message\":\"Hello, Ada!\"}");
        assertThat(greet.err()).isEmpty();
    }

    @Test
    void invokeInStructuredModeGetsAStructuredReplyPrintedTheSameWay() {
        Bindery.Execution greet = bindery("invoke", "greet", "--data", "{\"name\":\"Grace\"}", "--structured", "--app", url);

        assertThat(greet.exitCode()).as(greet.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(greet.out().lines()).contains("ce-type: greet.output", "{\"message\":\"Hello, Grace!\"}");
    }

    @Test
    void invokePrintsTheReplyAsAStructuredEventInJson() throws Exception {
        Bindery.Execution greet = bindery("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--subject", "s-1", "--output",
                "json",
                "--app", url);

        assertThat(greet.exitCode()).as(greet.err()).isEqualTo(ExitCodes.SUCCESS);
        JsonNode reply = JSON.readTree(greet.out());
        assertThat(reply.path("type").asText()).isEqualTo("greet.output");
        assertThat(reply.path("source").asText()).isEqualTo("greet");
        assertThat(reply.path("data").path("message").asText()).isEqualTo("Hello, Ada!");
    }

    @Test
    void anEventTypeIsRoutedByTheAppsFilters() {
        String id = "cli-" + UUID.randomUUID();
        Bindery.Execution placed = bindery("invoke", "com.example.order.placed", "--data", order(id, 2), "--app", url);

        assertThat(placed.exitCode()).as(placed.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(placed.out()).contains("ce-type: com.example.order.accepted").contains(id);

        Bindery.Execution named = bindery("invoke", "getOrder", "--type", "com.example.order.get", "--data",
                "{\"id\":\"" + id + "\"}",
                "--app", url);
        assertThat(named.exitCode()).as(named.err()).isEqualTo(ExitCodes.SUCCESS);
        assertThat(named.out()).contains("ce-type: com.example.order").contains("kettle");
    }

    @Test
    void aRejectedEventExitsWithThreeAndPrintsTheProblem() {
        Bindery.Execution rejected = bindery("invoke", "placeOrder", "--data", order("cli-bad", 0), "--app", url);

        assertThat(rejected.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(rejected.out()).isEmpty();
        assertThat(rejected.err()).contains("bindery: rejected: 422").contains(
                "The quantity must be greater than 0, was 0")
                .contains("\"type\" : \"https://bindery.dev/problems/event-rejected\"");
    }

    @Test
    void dataThatDoesNotBindIsRejected() {
        Bindery.Execution invalid = bindery("invoke", "placeOrder", "--data", "[1,2]", "--app", url);

        assertThat(invalid.exitCode()).isEqualTo(ExitCodes.REJECTED);
        assertThat(invalid.err()).contains("rejected: 400");
    }

    @Test
    void nothingThereExitsWithFour() {
        Bindery.Execution missing = bindery("invoke", "getOrder", "--data", "{\"id\":\"cli-none\"}", "--app", url);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.err()).contains("not found: 404");

        Bindery.Execution unrouted = bindery("invoke", "com.example.nobody.listens", "--data", "{}", "--app", url);
        assertThat(unrouted.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(unrouted.err()).contains("no-matching-function");
    }

    @Test
    void aFailingFunctionExitsWithFive() {
        Bindery.Execution failed = bindery("invoke", "checkStock", "--data",
                "{\"item\":\"kettle\",\"failWith\":\"stock service down\"}",
                "--app", url);

        assertThat(failed.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(failed.err()).contains("failed: 500").contains("stock service down");
    }

    @Test
    void anAppNobodyRunsIsUnreachable() throws Exception {
        Bindery.Execution unreachable = bindery("invoke", "greet", "--data", "{}", "--app", "http://localhost:" + PackagedApp
                .freePort());

        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unreachable.err()).contains("cannot connect to");
    }

    @Test
    void deployKnativeDryRunPrintsTheGeneratedManifestsAndTheKubectlCommand() throws Exception {
        Bindery.Execution dryRun = bindery("deploy", "knative", "--dry-run", "--app", ".");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(ExitCodes.SUCCESS);
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
        Bindery.Execution dryRun = bindery("deploy", "sam", "--dry-run", "--app", "..", "--stack-name", "shop");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isEqualTo(ExitCodes.SUCCESS);
        Path template = Path.of("..", "sam", "template.yaml");
        assertThat(dryRun.out()).startsWith("# " + template + "\n" + Files.readString(template));
        assertThat(dryRun.out()).endsWith("# would run: sam deploy --template-file " + template
                + " --stack-name shop --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --resolve-s3\n");
    }

    @Test
    void deployWithoutABuildSaysWhatToDo() {
        Bindery.Execution nothing = bindery("deploy", "knative", "--dry-run", "--app", "src");

        assertThat(nothing.exitCode()).isEqualTo(ExitCodes.ERROR);
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
                    .contains("Try:\n  bindery invoke greet --data '{\"name\":\"Ada\"}' --app " + base + "\n");

            Bindery.Execution greet = bindery("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--app", base);
            assertThat(greet.exitCode()).as(greet.err()).isZero();
            assertThat(greet.out()).contains("Hello, Ada!");
            run.awaitOutput("Listening on: http://0.0.0.0:" + port, Duration.ofSeconds(5));
        } catch (AssertionError | RuntimeException failed) {
            run.stopAfterFailure();
            throw failed;
        }
        assertThat(run.stop()).as(run.err.toString()).isEqualTo(ExitCodes.SUCCESS);
        Bindery.Execution after = bindery("invoke", "greet", "--data", "{}", "--app", "http://localhost:" + port);
        assertThat(after.exitCode()).as("the app is stopped").isEqualTo(ExitCodes.UNREACHABLE);
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
            Bindery.Execution workflow = bindery("invoke", "orderWorkflow", "--data", order(id, 3), "--app", "shop", "-f",
                    file.toString());
            assertThat(workflow.exitCode()).as(workflow.err()).isZero();
            assertThat(workflow.out()).contains(id);
            run.awaitOutput("[shop] ", Duration.ofSeconds(1));
            run.awaitOutput("Order " + id + " accepted", Duration.ofSeconds(10));
            assertThat(run.out.toString().lines().filter(line -> line.contains("Order " + id + " accepted")))
                    .as("the orders app accepted the order the shop app placed").allMatch(line -> line.startsWith(
                            "[orders] "));

            Bindery.Execution functions = bindery("functions", "--app", "orders", "-f", file.toString(), "-o", "json");
            assertThat(functions.exitCode()).as("run turned the admin endpoints on: " + functions.err()).isZero();
            assertThat(JSON.readTree(functions.out()).findValuesAsText("name")).contains("placeOrder", "orderWorkflow");

            Bindery.Execution stored = bindery("invoke", "getOrder", "--data", "{\"id\":\"" + id + "\"}", "--app", "orders",
                    "-f",
                    file.toString());
            assertThat(stored.exitCode()).as(stored.err()).isZero();
            assertThat(stored.out()).contains("kettle");
            Bindery.Execution notInShop = bindery("invoke", "getOrder", "--data", "{\"id\":\"" + id + "\"}", "--app", "shop",
                    "-f",
                    file.toString());
            assertThat(notInShop.exitCode()).as("the shop app's own store does not have it").isEqualTo(ExitCodes.NOT_FOUND);

            Bindery.Execution rejected = bindery("invoke", "orderWorkflow", "--data", order("cli-zero", 0), "--app", "shop",
                    "-f",
                    file.toString());
            assertThat(rejected.exitCode()).as("the orders app's 422 rejects the shop's event").isEqualTo(
                    ExitCodes.REJECTED);
        } catch (AssertionError | RuntimeException failed) {
            run.stopAfterFailure();
            throw failed;
        }
        assertThat(run.stop()).as(run.err.toString()).isEqualTo(ExitCodes.SUCCESS);
    }

    @Test
    void functionsListsEachFunctionWithItsTriggerAndRoutes() throws Exception {
        Bindery.Execution table = bindery("functions", "--app", url);

        assertThat(table.exitCode()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.get(0).split(" +")).startsWith("name", "trigger", "routes", "topic", "pubsub", "binding",
                "actor", "filters", "replyType", "executionMode", "method");
        assertThat(lines).anySatisfy(line -> assertThat(line.split(" +")).startsWith("placeOrder", "event",
                "type=com.example.order.placed", "-", "-", "-", "false",
                "[[\"type=com.example.order.placed\"]]"));
        assertThat(lines).anySatisfy(line -> assertThat(line.split(" +")).startsWith("auditOrder", "topic",
                "default/orders"));

        Bindery.Execution json = bindery("functions", "--app", url, "--output", "json");
        assertThat(json.exitCode()).isZero();
        JsonNode greet = function(JSON.readTree(json.out()), "greet");
        assertThat(greet.path("trigger").asText()).isEqualTo("event");
        assertThat(greet.path("method").asText()).isEqualTo("dev.bindery.examples.Greetings#greet");
    }

    static JsonNode function(JsonNode functions, String name) {
        for (JsonNode function : functions) {
            if (function.path("name").asText().equals(name)) {
                return function;
            }
        }
        throw new AssertionError("no function " + name + " in " + functions);
    }

    @Test
    void bindingsSubscriptionsAndStoresAreListed() throws Exception {
        Bindery.Execution bindings = bindery("bindings", "--app", url);
        assertThat(bindings.exitCode()).as(bindings.err()).isZero();
        assertThat(bindings.out().lines().toList().get(0).split(" +")).startsWith("name", "direction", "kind",
                "status", "function");
        assertThat(bindings.out().lines()).anySatisfy(line -> assertThat(line.split(" +")).startsWith("nightly",
                "input", "cron", "running", "nightlyReport"));
        JsonNode bindingsJson = JSON.readTree(bindery("bindings", "--app", url, "-o", "json").out());
        assertThat(bindingsJson.findValuesAsText("name")).contains("nightly", "reports", "uploads", "uploads-failed");

        Bindery.Execution subscriptions = bindery("subscriptions", "--app", url);
        assertThat(subscriptions.exitCode()).as(subscriptions.err()).isZero();
        assertThat(subscriptions.out().lines()).anySatisfy(line -> assertThat(line.split(" +")).startsWith(
                "auditOrder", "default", "orders", "running"));
        JsonNode subscription = JSON.readTree(bindery("subscriptions", "--app", url, "-o", "json").out()).get(0);
        assertThat(subscription.path("deadLetterTopic").asText()).isEqualTo("orders-dlq");

        Bindery.Execution stores = bindery("state", "stores", "--app", url, "-o", "json");
        assertThat(stores.exitCode()).as(stores.err()).isZero();
        assertThat(JSON.readTree(stores.out()).findValuesAsText("name")).contains("default", "orders");
    }

    @Test
    void stateIsSetReadWithItsEtagGuardedByItAndDeleted() throws Exception {
        String key = "cli/key " + UUID.randomUUID();
        Bindery.Execution set = bindery("state", "set", "default", key, "--data", "{\"n\":1,\"tags\":[\"a\"]}", "--app", url);
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).startsWith("Saved default/" + key + " (ETag ");

        Bindery.Execution json = bindery("state", "get", "default", key, "--app", url, "-o", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(JSON.readTree(json.out())).isEqualTo(JSON.readTree("{\"n\":1,\"tags\":[\"a\"]}"));
        assertThat(json.err()).startsWith("ETag: ");
        String etag = json.err().strip().substring("ETag: ".length());
        Bindery.Execution table = bindery("state", "get", "default", key, "--app", url);
        assertThat(table.out()).isEqualTo("FIELD  VALUE\nn      1\ntags   [\"a\"]\n");

        Bindery.Execution stale = bindery("state", "set", "default", key, "--data", "{\"n\":2}", "--etag", "not-" + etag,
                "--app",
                url);
        assertThat(stale.exitCode()).as("a stale ETag conflicts").isEqualTo(ExitCodes.REJECTED);
        assertThat(stale.err()).contains("rejected: 409");
        Bindery.Execution guarded = bindery("state", "set", "default", key, "--data", "{\"n\":2}", "--etag", etag, "--app",
                url);
        assertThat(guarded.exitCode()).as(guarded.err()).isZero();

        Bindery.Execution deleted = bindery("state", "delete", "default", key, "--app", url);
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).startsWith("Deleted default/" + key);
        Bindery.Execution gone = bindery("state", "get", "default", key, "--app", url);
        assertThat(gone.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        Bindery.Execution noStore = bindery("state", "get", "nowhere", key, "--app", url);
        assertThat(noStore.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(noStore.err()).contains("nowhere");
    }

    @Test
    void aPublishedEventReachesItsSubscriberAndShowsInTheRecentEvents() throws Exception {
        String id = "cli-pub-" + UUID.randomUUID();
        Bindery.Execution published = bindery("publish", "--topic", "orders", "--type", "com.example.order.placed", "--data",
                order(id, 1), "--app", url, "-o", "json");

        assertThat(published.exitCode()).as(published.err()).isZero();
        JsonNode answer = JSON.readTree(published.out());
        assertThat(answer.path("pubsub").asText()).isEqualTo("default");
        assertThat(answer.path("topic").asText()).isEqualTo("orders");
        assertThat(answer.path("type").asText()).isEqualTo("com.example.order.placed");
        String eventId = answer.path("id").asText();

        Instant deadline = Instant.now().plusSeconds(10);
        JsonNode delivered = null;
        while (delivered == null && Instant.now().isBefore(deadline)) {
            Bindery.Execution tail = bindery("events", "tail", "--limit", "50", "--app", url, "-o", "json");
            assertThat(tail.exitCode()).as(tail.err()).isZero();
            for (JsonNode event : JSON.readTree(tail.out())) {
                if (event.path("id").asText().equals(eventId)) {
                    delivered = event;
                }
            }
            Thread.sleep(200);
        }
        assertThat(delivered).as("the published event in the recent events").isNotNull();
        assertThat(delivered.path("function").asText()).isEqualTo("auditOrder");
        assertThat(delivered.path("transport").asText()).isEqualTo("pubsub");
        assertThat(delivered.path("outcome").asText()).isEqualTo("success");

        Bindery.Execution table = bindery("events", "tail", "--limit", "50", "--app", url);
        assertThat(table.out().lines().toList().get(0).split(" +")).startsWith("seq", "time", "transport", "id",
                "type");
        assertThat(table.out()).contains(eventId);
    }

    @Test
    void eventsTailFollowPrintsNewEventsAsTheyHappen() throws Exception {
        String subject = "cli-follow-" + UUID.randomUUID();
        Background follow = new Background("events", "tail", "--follow", "--limit", "0", "--count", "1", "--app",
                url, "-o", "json");
        Instant deadline = Instant.now().plusSeconds(20);
        while (follow.thread.isAlive() && Instant.now().isBefore(deadline)) {
            assertThat(bindery("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--subject", subject, "--app",
                    url).exitCode()).isZero();
            follow.thread.join(300);
        }
        assertThat(follow.stop()).as(follow.err.toString()).isZero();
        JsonNode event = JSON.readTree(follow.out.toString().lines().findFirst().orElseThrow());
        assertThat(event.path("subject").asText()).isEqualTo(subject);
        assertThat(event.path("function").asText()).isEqualTo("greet");
        assertThat(event.has("seq")).isTrue();
    }
}

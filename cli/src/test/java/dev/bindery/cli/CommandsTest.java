package dev.bindery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The command line as a whole: help, examples, completion, and the outcomes decided before any app answers. */
class CommandsTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Bindery.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static List<CommandLine> all(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().forEach(sub -> all.addAll(all(sub)));
        return all;
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (CommandLine command : all(Bindery.commandLine())) {
            String name = command.getCommandSpec().qualifiedName(" ");
            if (name.equals("bindery help")) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
            args.add("--help");
            Run help = run(args.toArray(String[]::new));
            assertThat(help.exit()).as(name).isZero();
            assertThat(help.out()).as(name).startsWith("Usage: " + name);
            if (command.getSubcommands().isEmpty() || command.getCommandSpec().userObject() instanceof Bindery) {
                assertThat(help.out()).as(name + " has examples").contains("Examples:\n  bindery");
            }
        }
    }

    @Test
    void completionCoversEveryCommand() {
        Run completion = run("completion");

        assertThat(completion.exit()).isZero();
        assertThat(completion.out()).startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_bindery -o default bindery");
        for (String command : List.of("run", "invoke", "publish", "state", "state_get", "state_set", "state_delete",
                "state_stores", "functions", "bindings", "subscriptions", "events", "events_tail", "deploy",
                "deploy_knative", "deploy_sam", "completion")) {
            assertThat(completion.out()).as(command).contains("_picocli_bindery_" + command);
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Run invoke = run("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--app", "http://localhost:" + port);

        assertThat(invoke.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(invoke.err()).contains("cannot connect to http://localhost:" + port);
        assertThat(run("functions", "--app", "http://localhost:" + port).exit()).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void dataThatIsNotJsonIsRefusedBeforeSending() {
        Run invoke = run("invoke", "greet", "--data", "{name:Ada}", "--app", "http://localhost:1");

        assertThat(invoke.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(invoke.err()).contains("--data is not JSON");
    }

    @Test
    void aMissingDataFileIsNamed(@TempDir Path dir) {
        Run invoke = run("invoke", "greet", "--data", "@" + dir.resolve("order.json"), "--app", "http://localhost:1");

        assertThat(invoke.exit()).isEqualTo(ExitCodes.ERROR);
        assertThat(invoke.err()).contains("order.json: no such file");
    }

    @Test
    void typeIsOnlyForAFunctionName() {
        Run invoke = run("invoke", "com.example.order.placed", "--type", "x", "--app", "http://localhost:1");

        assertThat(invoke.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(invoke.err()).contains("--type is only for a function name");
    }

    @Test
    void anAppIdNeedsAnAppsFile(@TempDir Path dir) {
        Run invoke = run("invoke", "greet", "--app", "orders", "-f", dir.resolve("bindery.yaml").toString());

        assertThat(invoke.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(invoke.err()).contains("--app orders: not a URL, and there is no");
    }

    @Test
    void anUnknownAppIdListsTheKnownOnes() {
        Run invoke = run("invoke", "greet", "--app", "billing", "-f", "src/test/resources/apps/two-apps.yaml");

        assertThat(invoke.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(invoke.err()).contains("no app with that id").contains("(ids: orders, shop)");
    }

    @Test
    void anAppIdIsItsLocalUrl() {
        assertThat(AppOptions.resolve("shop", Path.of("src/test/resources/apps/two-apps.yaml")))
                .hasToString("http://localhost:8082");
    }

    @Test
    void theTokenIsNeverPrinted() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run invoke = run("invoke", "greet", "--token", "s3cr3t-t0ken", "--app", "http://localhost:" + port);

        assertThat(invoke.out() + invoke.err()).doesNotContain("s3cr3t-t0ken");
    }
}

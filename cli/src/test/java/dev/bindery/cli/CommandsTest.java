package dev.bindery.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The command line as a whole: help, examples, completion, and the outcomes decided before any app answers. */
class CommandsTest {

    static Bindery.Execution run(String... args) {
        return Bindery.execute(args);
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
            Bindery.Execution help = run(args.toArray(String[]::new));
            assertThat(help.exitCode()).as(name).isZero();
            assertThat(help.out()).as(name).startsWith("Usage: " + name);
            if (command.getSubcommands().isEmpty() || command.getCommandSpec().userObject() instanceof Bindery) {
                assertThat(help.out()).as(name + " has examples").contains("Examples:\n  bindery");
            }
        }
    }

    @Test
    void completionCoversEveryCommand() {
        Bindery.Execution completion = run("completion");

        assertThat(completion.exitCode()).isZero();
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

        Bindery.Execution invoke = run("invoke", "greet", "--data", "{\"name\":\"Ada\"}", "--app", "http://localhost:" + port);

        assertThat(invoke.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(invoke.err()).contains("cannot connect to http://localhost:" + port);
        assertThat(run("functions", "--app", "http://localhost:" + port).exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void dataThatIsNotJsonIsRefusedBeforeSending() {
        Bindery.Execution invoke = run("invoke", "greet", "--data", "{name:Ada}", "--app", "http://localhost:1");

        assertThat(invoke.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(invoke.err()).contains("--data is not JSON");
    }

    @Test
    void aMissingDataFileIsNamed(@TempDir Path dir) {
        Bindery.Execution invoke = run("invoke", "greet", "--data", "@" + dir.resolve("order.json"), "--app",
                "http://localhost:1");

        assertThat(invoke.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(invoke.err()).contains("order.json: no such file");
    }

    @Test
    void typeIsOnlyForAFunctionName() {
        Bindery.Execution invoke = run("invoke", "com.example.order.placed", "--type", "x", "--app", "http://localhost:1");

        assertThat(invoke.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(invoke.err()).contains("--type is only for a function name");
    }

    @Test
    void anAppIdNeedsAnAppsFile(@TempDir Path dir) {
        Bindery.Execution invoke = run("invoke", "greet", "--app", "orders", "-f", dir.resolve("bindery.yaml").toString());

        assertThat(invoke.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(invoke.err()).contains("--app orders: not a URL, and there is no");
    }

    @Test
    void anUnknownAppIdListsTheKnownOnes() {
        Bindery.Execution invoke = run("invoke", "greet", "--app", "billing", "-f", "src/test/resources/apps/two-apps.yaml");

        assertThat(invoke.exitCode()).isEqualTo(ExitCodes.USAGE);
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
        Bindery.Execution invoke = run("invoke", "greet", "--token", "s3cr3t-t0ken", "--app", "http://localhost:" + port);

        assertThat(invoke.out() + invoke.err()).doesNotContain("s3cr3t-t0ken");
    }
}

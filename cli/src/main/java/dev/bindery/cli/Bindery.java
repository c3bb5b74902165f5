package dev.bindery.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.bindery.cli.admin.BindingsCommand;
import dev.bindery.cli.admin.EventsCommand;
import dev.bindery.cli.admin.FunctionsCommand;
import dev.bindery.cli.admin.PublishCommand;
import dev.bindery.cli.admin.StateCommand;
import dev.bindery.cli.admin.SubscriptionsCommand;
import dev.bindery.cli.deploy.DeployCommand;
import dev.bindery.cli.invoke.InvokeCommand;
import dev.bindery.cli.run.RunCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bindery} command: its subcommands are the tools of a Bindery developer. */
@Command(name = "bindery", mixinStandardHelpOptions = true, versionProvider = Bindery.Version.class, description = "Runs, calls and deploys Bindery applications.", subcommands = {
        RunCommand.class, InvokeCommand.class, PublishCommand.class, StateCommand.class, FunctionsCommand.class,
        BindingsCommand.class, SubscriptionsCommand.class, EventsCommand.class, DeployCommand.class, NewCommand.class,
        CompletionCommand.class, CommandLine.HelpCommand.class}, footer = {"",
                "Exit codes: 0 success, 1 error, 2 bad command line, 3 rejected (4xx), 4 not found (404), 5 failed (5xx), "
                        + "6 unreachable or unavailable.",
                "", "Examples:", "  bindery run", "  bindery invoke greet --data '{\"name\":\"Ada\"}'",
                "  bindery functions", "  bindery run -f bindery.yaml", "  bindery new shop --blocks state,pubsub"})
public final class Bindery implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the command line, ready to execute (tests run it in-process) */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Bindery());
        commandLine.setExecutionExceptionHandler(Bindery::handle);
        commandLine.setUsageHelpAutoWidth(true);
        withHelpOptions(commandLine);
        return commandLine;
    }

    /**
     * Runs a command in this JVM with its output captured (tests, and tools that drive the CLI).
     *
     * @return the exit code and what the command printed on standard output and standard error
     */
    public static Execution execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Execution(exitCode, out.toString(), err.toString());
    }

    /**
     * What a command run by {@link #execute(String...)} did.
     *
     * @param exitCode one of {@link ExitCodes}
     * @param out its standard output
     * @param err its standard error
     */
    public record Execution(int exitCode, String out, String err) {
    }

    /** Gives every command -h/--help, as the root has. */
    private static void withHelpOptions(CommandLine commandLine) {
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            if (subcommand.getCommandSpec().findOption("--help") == null) {
                subcommand.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder("-h", "--help")
                        .usageHelp(true).description("Show this help message and exit.").build());
            }
            withHelpOptions(subcommand);
        }
    }

    /** Reports a failed command on standard error: the message of a {@link CliException}, else the exception. */
    static int handle(Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (failure instanceof CliException cli) {
            err.println("bindery: " + cli.getMessage());
            err.flush();
            return cli.exitCode();
        }
        err.println("bindery " + commandLine.getCommandName() + ": " + failure);
        err.flush();
        return ExitCodes.ERROR;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version of the jar the command runs from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Bindery.class.getPackage().getImplementationVersion();
            return new String[]{"bindery " + (version == null ? "(development build)" : version)};
        }
    }
}

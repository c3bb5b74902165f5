package dev.bindery.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bindery} command: its subcommands are the tools of a Bindery developer. */
@Command(name = "bindery", mixinStandardHelpOptions = true, versionProvider = Bindery.Version.class, description = "Runs, calls and deploys Bindery applications.", subcommands = {
        CommandLine.HelpCommand.class, NewCommand.class})
public final class Bindery implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** @return the command line, ready to execute (tests run it in-process) */
    public static CommandLine commandLine() {
        return new CommandLine(new Bindery());
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

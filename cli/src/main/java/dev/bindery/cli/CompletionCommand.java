package dev.bindery.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bindery completion}: prints the bash/zsh completion script picocli generates for every command. */
@Command(name = "completion", description = "Prints the bash/zsh completion script of the bindery command.", footer = {
        "", "Examples:", "  bindery completion > ~/.bindery_completion && echo 'source ~/.bindery_completion' >> ~/.bashrc",
        "  source <(bindery completion)   # in this shell only",
        "The build also writes it to cli/target/bindery_completion."})
public final class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("bindery", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}

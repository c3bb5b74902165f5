package dev.bindery.cli.deploy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bindery deploy}: deploys an app to Knative or AWS Lambda with the files its build wrote. */
@Command(name = "deploy", description = "Deploys an app with the files its build wrote: knative (kubectl) or sam (AWS SAM).", subcommands = {
        KnativeDeployCommand.class, SamDeployCommand.class}, footer = {"", "Examples:",
                "  bindery deploy knative --dry-run", "  bindery deploy sam --dry-run"})
public final class DeployCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package dev.bindery.cli.deploy;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bindery deploy sam}: prints the app's SAM template and runs {@code sam deploy} with it. The template is
 * the first of {@code --template}, {@code <app>/sam/template.yaml}, {@code <app>/template.yaml} and the one Quarkus'
 * Lambda build writes, {@code <app>/target/sam.jvm.yaml}.
 */
@Command(name = "sam", sortOptions = false, description = {
        "Prints the app's AWS SAM template and runs 'sam deploy' with it (the package the template's CodeUri names "
                + "must be built: mvn package). The template is --template, else the first of <app>/sam/template.yaml, "
                + "<app>/template.yaml, <app>/target/sam.jvm.yaml."}, footer = {"", "Examples:",
                        "  bindery deploy sam --dry-run", "  bindery deploy sam --stack-name shop --guided",
                        "  bindery deploy sam --template sam/template.yaml --parameter Security=on"})
public final class SamDeployCommand implements Callable<Integer> {

    static final List<Path> TEMPLATES = List.of(Path.of("sam", "template.yaml"), Path.of("template.yaml"),
            Path.of("target", "sam.jvm.yaml"));

    @Spec
    CommandSpec spec;

    @Option(names = "--app", paramLabel = "DIR", defaultValue = ".", description = "The app's directory (default: the current directory).")
    Path app;

    @Option(names = "--template", paramLabel = "FILE", description = "The SAM template.")
    Path template;

    @Option(names = "--stack-name", paramLabel = "NAME", defaultValue = "bindery-app", description = "The CloudFormation stack (default: ${DEFAULT-VALUE}).")
    String stackName;

    @Option(names = "--parameter", paramLabel = "NAME=VALUE", description = "A template parameter override (repeatable).")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--guided", description = "Let sam ask for the settings (sam deploy --guided).")
    boolean guided;

    @Option(names = "--dry-run", description = "Print the template and the sam command; run nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Path file = template().orElseThrow(() -> new CliException(ExitCodes.ERROR, "no SAM template: none of "
                + TEMPLATES.stream().map(candidate -> app.resolve(candidate).toString())
                        .collect(Collectors.joining(", "))
                + " exists; pass --template"));
        PrintWriter out = spec.commandLine().getOut();
        out.println("# " + file);
        out.print(KnativeDeployCommand.read(file));
        List<String> command = command(file);
        out.println((dryRun ? "# would run: " : "# running: ") + String.join(" ", command));
        out.flush();
        if (!dryRun) {
            ExternalTool.run(command, Path.of("").toAbsolutePath(), out,
                    "install the AWS SAM CLI, or use --dry-run and run the command yourself");
        }
        return ExitCodes.SUCCESS;
    }

    private Optional<Path> template() {
        if (template != null) {
            if (!Files.isRegularFile(template)) {
                throw new CliException(ExitCodes.ERROR, "--template " + template + ": no such file");
            }
            return Optional.of(template);
        }
        return TEMPLATES.stream().map(app::resolve).filter(Files::isRegularFile).findFirst();
    }

    List<String> command(Path file) {
        List<String> command = new ArrayList<>(List.of("sam", "deploy", "--template-file", file.toString(),
                "--stack-name", stackName, "--capabilities", "CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND",
                "--resolve-s3"));
        if (!parameters.isEmpty()) {
            command.add("--parameter-overrides");
            command.addAll(parameters);
        }
        if (guided) {
            command.add("--guided");
        }
        return command;
    }
}

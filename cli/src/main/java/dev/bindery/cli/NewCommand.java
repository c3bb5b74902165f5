package dev.bindery.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.bindery.cli.project.Block;
import dev.bindery.cli.project.InvalidProjectException;
import dev.bindery.cli.project.ProjectGenerator;
import dev.bindery.cli.project.ProjectGenerator.GeneratedProject;
import dev.bindery.cli.project.ProjectSpec;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bindery new}: generates a ready Bindery application. */
@Command(name = "new", mixinStandardHelpOptions = true, description = {
        "Generates a Bindery application: a pom importing bindery-bom, one function with its test, "
                + "application.properties with embedded defaults, and a README with the commands.",
        "Nothing is overwritten: the directory must not exist."}, footerHeading = "%nExamples:%n", footer = {
                "  bindery new orders",
                "  bindery new orders --blocks state,pubsub --group com.example",
                "  bindery new orders-lambda --blocks state,lambda --dir build/orders-lambda"})
public final class NewCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<name>", description = "The project's name: its artifactId and directory "
            + "(lower-case letters, digits and hyphens, starting with a letter).")
    String name;

    @Option(names = "--blocks", split = ",", paramLabel = "BLOCK", description = "Building blocks to add, "
            + "comma-separated: state, pubsub, bindings, lambda, knative (lambda and knative exclude each other). "
            + "Default: none, the host alone.")
    List<String> blocks = new ArrayList<>();

    @Option(names = "--group", paramLabel = "G", defaultValue = "org.acme", description = "The Maven groupId, also the "
            + "function's Java package (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--dir", paramLabel = "D", description = "The directory to create (default: ./<name>).")
    Path dir;

    @Override
    public Integer call() {
        ProjectSpec project;
        try {
            Set<Block> chosen = EnumSet.noneOf(Block.class);
            blocks.stream().map(Block::of).forEach(chosen::add);
            project = new ProjectSpec(name, group, chosen, dir != null ? dir : Path.of(name));
        } catch (InvalidProjectException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        GeneratedProject generated;
        try {
            generated = new ProjectGenerator().generate(project);
        } catch (InvalidProjectException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created " + generated.directory() + " (blocks: "
                + (project.blocks().isEmpty()
                        ? "none"
                        : String.join(",", project.blocks().stream()
                                .map(Block::id).toList()))
                + "):");
        generated.files().forEach(file -> out.println("  " + file));
        out.println();
        out.println("Next: cd " + generated.directory() + " && mvn package; README.md has the commands.");
        out.flush();
        return 0;
    }
}

package dev.bindery.cli.deploy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bindery deploy knative}: prints the Knative manifests the build wrote ({@code target/knative/}) and applies
 * them with {@code kubectl apply}: the Service and SinkBinding, the Triggers and, when there is one, the service
 * account; not {@code sources/}, the alternatives to in-process inputs, which are applied by hand.
 */
@Command(name = "knative", sortOptions = false, description = {
        "Prints the app's Knative manifests (written by its build to target/knative/) and applies them with "
                + "'kubectl apply -f'. Applies service-account.yaml (when there is one), service.yaml and triggers.yaml; "
                + "sources/ holds alternatives to in-process inputs and is applied by hand."}, footer = {"",
                        "Examples:", "  bindery deploy knative --dry-run",
                        "  bindery deploy knative --app functions-examples --namespace shop",
                        "  bindery deploy knative --manifests knative --dry-run"})
public final class KnativeDeployCommand implements Callable<Integer> {

    /** The manifests applied, in order (those present). */
    static final List<String> APPLIED = List.of("service-account.yaml", "service.yaml", "triggers.yaml");

    @Spec
    CommandSpec spec;

    @Option(names = "--app", paramLabel = "DIR", defaultValue = ".", description = "The app's project directory (default: the current directory).")
    Path app;

    @Option(names = "--manifests", paramLabel = "DIR", description = "The manifests' directory (default: <app>/target/knative).")
    Path manifests;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "kubectl's namespace (default: kubectl's).")
    String namespace;

    @Option(names = "--dry-run", description = "Print the manifests and the kubectl command; run nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Path dir = (manifests != null ? manifests : app.resolve("target").resolve("knative")).normalize();
        List<Path> files = new ArrayList<>();
        for (String name : APPLIED) {
            if (Files.isRegularFile(dir.resolve(name))) {
                files.add(dir.resolve(name));
            }
        }
        if (!files.contains(dir.resolve("service.yaml"))) {
            throw new CliException(ExitCodes.ERROR, "no Knative manifests in " + dir
                    + ": build the app first (mvn package writes target/knative/), or point --manifests at them");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Path file : files) {
            out.println("# " + file);
            out.print(read(file));
            out.println("---");
        }
        List<String> command = new ArrayList<>(List.of("kubectl", "apply"));
        if (namespace != null) {
            command.addAll(List.of("--namespace", namespace));
        }
        files.forEach(file -> command.addAll(List.of("-f", file.toString())));
        out.println((dryRun ? "# would run: " : "# running: ") + String.join(" ", command));
        out.flush();
        if (!dryRun) {
            ExternalTool.run(command, Path.of("").toAbsolutePath(), out,
                    "install kubectl, or use --dry-run and apply the manifests yourself");
        }
        return ExitCodes.SUCCESS;
    }

    static String read(Path file) {
        try {
            String text = Files.readString(file);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

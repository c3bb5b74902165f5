package dev.bindery.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.cli.CliException;
import dev.bindery.cli.ExitCodes;
import dev.bindery.cli.apps.AppSpec;
import dev.bindery.cli.apps.AppsFile;
import dev.bindery.cli.http.Answers;
import dev.bindery.cli.http.AppClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bindery run}: builds an app if needed, starts it, waits for readiness, prints its endpoints and an example,
 * streams its log and stops it on Ctrl-C; with {@code -f bindery.yaml}, several apps wired to invoke each other.
 */
@Command(name = "run", sortOptions = false, description = {
        "Starts an app (building it first when it has no target/quarkus-app/quarkus-run.jar or its sources are newer), "
                + "waits until it is ready, prints its endpoints and an example, and streams its log. Ctrl-C stops it.",
        "It turns the host's admin endpoints on (-Dbindery.admin.enabled=true, -Dbindery.admin.actions.enabled=true; "
                + "--no-admin leaves them as configured), so functions, state, publish and events work against it.",
        "With -f, starts every app of a bindery.yaml, each line of their logs prefixed with the app id, and wires "
                + "service invocation between them: each app gets bindery.app-id=<its id> and "
                + "bindery.apps.<id>.url=http://localhost:<port> for every app of the file."}, footer = {"",
                        "bindery.yaml:", "  apps:", "    - id: orders               # required: the app id",
                        "      app: functions-examples  # required: a project directory or a quarkus-run.jar",
                        "      port: 8081               # required", "      profile: dev             # optional",
                        "      env: {NAME: value}       # optional",
                        "      properties: {name: value} # optional: -D, after the wiring",
                        "      args: [--flag]           # optional",
                        "      workdir: run/orders      # optional: default the file's directory",
                        "", "Examples:", "  bindery run", "  bindery run --app functions-examples --port 9000",
                        "  bindery run --app target/quarkus-app/quarkus-run.jar --profile dev -- --some-arg",
                        "  bindery run -f bindery.yaml"})
public final class RunCommand implements Callable<Integer> {

    /** The host's admin endpoints and their development actions, which the other commands read: off in production. */
    static final Map<String, String> ADMIN = Map.of("bindery.admin.enabled", "true", "bindery.admin.actions.enabled",
            "true");

    @Spec
    CommandSpec spec;

    @Option(names = "--app", paramLabel = "DIR|JAR", defaultValue = ".", description = "The app: a project directory or a quarkus-run.jar (default: the current directory).")
    Path app;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Where the app listens (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "The Quarkus profile (quarkus.profile).")
    String profile;

    @Option(names = {"-f",
            "--file"}, paramLabel = "FILE", description = "Start every app of this file (bindery.yaml) instead of one.")
    Path file;

    @Option(names = "-D", paramLabel = "NAME=VALUE", description = "A system property for the app (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--no-build", description = "Never build: run the jar as it is.")
    boolean noBuild;

    @Option(names = "--no-admin", description = "Leave the host's admin endpoints as the app configures them (off in production mode). "
            + "By default run turns them on, actions included, so the other bindery commands work.")
    boolean noAdmin;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "120", description = "How long to wait for readiness (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:BINDERY_TOKEN}", description = "A bearer token for the health check and the function listing, when the app protects them (default: $BINDERY_TOKEN). Never printed.")
    String token;

    @Parameters(paramLabel = "ARGS", description = "Arguments for the app, after --.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<AppLaunch> launches = file != null ? fromFile() : List.of(single());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!noBuild) {
            launches.forEach(launch -> buildIfNeeded(launch, err));
        }
        launches.forEach(RunCommand::createWorkdir);
        List<RunningApp> apps = new ArrayList<>();
        Thread stopOnExit = new Thread(() -> apps.forEach(RunningApp::stop), "bindery-run-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            for (AppLaunch launch : launches) {
                apps.add(RunningApp.start(launch, out, token));
            }
            for (RunningApp running : apps) {
                running.awaitReady(Duration.ofSeconds(waitSeconds));
                printReady(running, Duration.between(running.started(), Instant.now()), out);
            }
            out.println(apps.size() == 1 ? "Ctrl-C stops the app." : "Ctrl-C stops the apps.");
            out.flush();
            return awaitExit(apps, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.SUCCESS;
        } finally {
            apps.forEach(RunningApp::stop);
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private AppLaunch single() {
        Path path = app.toAbsolutePath().normalize();
        Map<String, String> all = new LinkedHashMap<>(noAdmin ? Map.of() : ADMIN);
        all.putAll(properties);
        return new AppLaunch(null, jar(path), port, profile, all, Map.of(), args, Path.of("").toAbsolutePath());
    }

    private List<AppLaunch> fromFile() {
        for (String single : List.of("--app", "--port", "--profile", "-D")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(single)) {
                throw new CliException(ExitCodes.USAGE, single + " is for one app; with -f each app's settings are in "
                        + file);
            }
        }
        AppsFile apps = AppsFile.read(file);
        return launches(apps, args, noAdmin ? Map.of() : ADMIN);
    }

    /**
     * @param defaults properties every app gets first (the admin switches)
     * @return how to start each app of the file, wired to invoke each other by app id
     */
    static List<AppLaunch> launches(AppsFile apps, List<String> extraArgs, Map<String, String> defaults) {
        Map<String, String> wiring = new LinkedHashMap<>();
        for (AppSpec spec : apps.apps()) {
            wiring.put("bindery.apps." + spec.id() + ".url", "http://localhost:" + spec.port());
        }
        List<AppLaunch> launches = new ArrayList<>();
        for (AppSpec spec : apps.apps()) {
            Map<String, String> properties = new LinkedHashMap<>(defaults);
            properties.put("bindery.app-id", spec.id());
            properties.putAll(wiring);
            properties.putAll(spec.properties());
            List<String> appArgs = new ArrayList<>(spec.args());
            appArgs.addAll(extraArgs);
            Path workdir = spec.workdir() == null ? apps.directory() : apps.directory().resolve(spec.workdir());
            launches.add(new AppLaunch(spec.id(), jar(apps.directory().resolve(spec.app()).normalize()), spec.port(),
                    spec.profile(), properties, spec.env(), appArgs, workdir));
        }
        return launches;
    }

    /** @return the app's runnable jar, checking the app is one */
    static Path jar(Path app) {
        if (Files.isDirectory(app)) {
            if (!Files.isRegularFile(app.resolve("pom.xml")) && !Files.isRegularFile(AppBuild.runJar(app))) {
                throw new CliException(ExitCodes.ERROR, app + " is not an app: it has neither a pom.xml nor "
                        + AppBuild.RUN_JAR);
            }
            return AppBuild.runJar(app);
        }
        if (!Files.isRegularFile(app) || !app.getFileName().toString().endsWith(".jar")) {
            throw new CliException(ExitCodes.ERROR, app + ": no such directory or jar");
        }
        return app;
    }

    private void buildIfNeeded(AppLaunch launch, PrintWriter log) {
        Path jar = launch.jar();
        if (!jar.endsWith(AppBuild.RUN_JAR)) {
            return;
        }
        Path project = jar.getParent().getParent().getParent();
        if (Files.isRegularFile(project.resolve("pom.xml")) && AppBuild.needsBuild(project)) {
            AppBuild.build(project, log);
            if (!Files.isRegularFile(jar)) {
                throw new CliException(ExitCodes.ERROR, "the build of " + project + " wrote no " + AppBuild.RUN_JAR
                        + ": is it a Quarkus application? (give --app the application's module)");
            }
        }
    }

    private static void createWorkdir(AppLaunch launch) {
        try {
            Files.createDirectories(launch.workdir());
        } catch (IOException e) {
            throw new CliException(ExitCodes.ERROR, "cannot create the working directory " + launch.workdir() + ": "
                    + e);
        }
    }

    private void printReady(RunningApp running, Duration took, PrintWriter out) {
        String base = running.baseUri().toString();
        String name = running.launch().id() != null ? "App " + running.launch().id() : "The app";
        String example = exampleFunction(running.client())
                .map(function -> function.equals("greet")
                        ? "greet --data '{\"name\":\"Ada\"}'"
                        : function + " --data '{}'")
                .orElse("<function> --data '{…}'");
        synchronized (out) {
            out.printf("%s is ready at %s (pid %d, %.1f s):%n", name, base, running.process().pid(),
                    took.toMillis() / 1000.0);
            out.printf("  events     POST %s/             a CloudEvent, routed by its attributes%n", base);
            out.printf("  functions  POST %s/<function>   a CloudEvent or plain JSON, to that function%n", base);
            out.printf("  health     GET  %s/q/health%n", base);
            out.printf("  metrics    GET  %s/q/metrics%n", base);
            out.printf("Try:%n  bindery invoke %s --app %s%n", example, base);
            out.flush();
        }
    }

    /** @return a function to show in the example: greet when the app has it, else its first (when it lists them) */
    static Optional<String> exampleFunction(AppClient client) {
        try {
            JsonNode functions = Answers.json(client.send(client.request(client.uri("q", "bindery", "functions"))
                    .GET().build()));
            List<String> names = new ArrayList<>();
            if (functions != null) {
                functions.forEach(function -> names.add(function.isObject()
                        ? function.path("name").asText()
                        : function.asText()));
            }
            names.removeIf(String::isEmpty);
            return names.contains("greet") ? Optional.of("greet") : names.stream().findFirst();
        } catch (CliException noListing) {
            return Optional.empty();
        }
    }

    /** Waits until every app has exited; an app that exits by itself is reported. */
    private static int awaitExit(List<RunningApp> apps, PrintWriter err) throws InterruptedException {
        int result = ExitCodes.SUCCESS;
        for (RunningApp running : apps) {
            int exit = running.process().waitFor();
            if (exit != 0) {
                err.println("bindery: " + running.name() + " exited with code " + exit);
                err.flush();
                result = ExitCodes.ERROR;
            }
        }
        return result;
    }
}

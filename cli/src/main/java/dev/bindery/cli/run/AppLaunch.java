package dev.bindery.cli.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one application: {@code java [-Dname=value…] -jar <jar> [args…]} in a working directory, with
 * {@code quarkus.http.port} (and {@code PORT}, which Bindery apps honour) set to the port.
 *
 * @param id what its log lines are prefixed with when several apps run (null: no prefix)
 * @param jar its {@code quarkus-run.jar}
 * @param port where it listens
 * @param profile the Quarkus profile, or null
 * @param properties system properties, in order
 * @param env variables added to the process's environment
 * @param args arguments after the jar
 * @param workdir its working directory
 */
public record AppLaunch(String id, Path jar, int port, String profile, Map<String, String> properties,
        Map<String, String> env, List<String> args, Path workdir) {

    public AppLaunch {
        properties = new LinkedHashMap<>(properties);
        env = Map.copyOf(env);
        args = List.copyOf(args);
    }

    /** @return the command line of the app's process */
    public List<String> command(Path java) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Dquarkus.http.port=" + port);
        if (profile != null) {
            command.add("-Dquarkus.profile=" + profile);
        }
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return command;
    }
}

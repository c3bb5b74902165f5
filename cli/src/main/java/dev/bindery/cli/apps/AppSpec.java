package dev.bindery.cli.apps;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One application of a {@code bindery.yaml}.
 *
 * @param id the app id: its {@code bindery.app-id}, and the name the other apps invoke it by (required)
 * @param app the application: a directory (a Maven project, {@code target/quarkus-app/quarkus-run.jar} once built) or
 *        a {@code quarkus-run.jar}; relative to the file (required)
 * @param port where it listens (required, one per app)
 * @param profile the Quarkus profile, or null
 * @param env environment variables added to the app's process
 * @param properties system properties ({@code -D}), after those the file wires, so they win
 * @param args arguments after the jar
 * @param workdir the app's working directory (where relative data paths land), relative to the file; default the
 *        file's directory
 */
public record AppSpec(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String app,
        @JsonProperty(required = true) Integer port,
        String profile,
        Map<String, String> env,
        Map<String, String> properties,
        List<String> args,
        String workdir) {

    public AppSpec {
        env = env == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        args = args == null ? List.of() : List.copyOf(args);
    }
}

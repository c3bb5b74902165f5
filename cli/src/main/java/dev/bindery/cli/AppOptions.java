package dev.bindery.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import dev.bindery.cli.apps.AppSpec;
import dev.bindery.cli.apps.AppsFile;
import dev.bindery.cli.http.AppClient;

import picocli.CommandLine.Option;

/** Which running app a command talks to, and with what credential: the options every calling command shares. */
public final class AppOptions {

    @Option(names = "--app", paramLabel = "URL|APP-ID", defaultValue = "http://localhost:8080", description = {
            "The app: its base URL, or an app id of the apps file (default: ${DEFAULT-VALUE})."})
    String app;

    @Option(names = {"-f",
            "--file"}, paramLabel = "FILE", defaultValue = AppsFile.DEFAULT_NAME, description = "The apps file where --app looks up an app id (default: ${DEFAULT-VALUE} in the current directory).")
    Path appsFile;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:BINDERY_TOKEN}", description = {
            "A bearer token sent as 'Authorization: Bearer …' (default: $BINDERY_TOKEN). Never printed."})
    String token;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "How long to wait for an answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** @return a client of the app these options name */
    public AppClient client() {
        return new AppClient(baseUri(), token, Duration.ofSeconds(timeoutSeconds));
    }

    /** @return the base URL: the URL given, or the app id's local URL from the apps file */
    public URI baseUri() {
        return resolve(app, appsFile);
    }

    static URI resolve(String app, Path appsFile) {
        if (app.contains("://")) {
            URI uri = URI.create(app);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new CliException(ExitCodes.USAGE, "--app " + app + ": not an http(s) URL with a host");
            }
            return uri;
        }
        AppsFile file = AppsFile.readIfPresent(appsFile).orElseThrow(() -> new CliException(ExitCodes.USAGE,
                "--app " + app + ": not a URL, and there is no " + appsFile + " to look the app id up in"));
        AppSpec spec = file.app(app).orElseThrow(() -> new CliException(ExitCodes.USAGE, "--app " + app
                + ": no app with that id in " + appsFile + " (ids: "
                + file.apps().stream().map(AppSpec::id).collect(Collectors.joining(", ")) + ")"));
        return URI.create("http://localhost:" + spec.port());
    }
}

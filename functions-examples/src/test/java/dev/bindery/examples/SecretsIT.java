package dev.bindery.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Secrets in the packaged application: a reference to a secret that scoping denies fails start-up, naming the property
 * and the secret; and a run that reads secrets every way it can (references in configuration, the API, a function
 * signing its report, a failing lookup) leaves none of their values in its log, its metrics and health data, what it
 * wrote, or the generated Knative manifests.
 */
class SecretsIT {

    private final List<PackagedApp> apps = new ArrayList<>();

    @AfterEach
    void stop() {
        apps.forEach(app -> app.process().destroyForcibly());
    }

    private static Path secretsFile(Path dir, String signingKey, String token) throws Exception {
        Path file = dir.resolve("local.json");
        Files.writeString(file, "{\"report-signing\":{\"key\":\"" + signingKey + "\"},"
                + "\"api\":{\"token\":\"" + token + "\",\"user\":\"svc\"}}");
        return file;
    }

    private PackagedApp launch(Path dir, List<String> properties) throws Exception {
        List<String> all = new ArrayList<>(properties);
        all.addAll(List.of("bindery.state.default.data-dir=" + dir.resolve("state/default"),
                "bindery.state.orders.data-dir=" + dir.resolve("state/orders"),
                "bindery.bindings.uploads.file=" + dir.resolve("uploads"),
                "bindery.bindings.uploads-failed.file=" + dir.resolve("uploads-failed"),
                "bindery.bindings.reports.file=" + dir.resolve("reports"),
                "bindery.secrets.local.path=" + dir.resolve("local.json"),
                // as much as the host and the config layer can say about what they do
                "quarkus.log.category.\"dev.bindery\".level=DEBUG",
                "quarkus.log.category.\"io.smallrye.config\".level=DEBUG"));
        PackagedApp app = PackagedApp.launch(all, Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"),
                PackagedApp.freePort(), dir.resolve("app.log"));
        apps.add(app);
        return app;
    }

    @Test
    void aReferenceToADeniedSecretFailsStartUpNamingThePropertyAndTheSecret() throws Exception {
        Path dir = Files.createTempDirectory("bindery-secrets-denied");
        String token = "denied-token-" + UUID.randomUUID();
        secretsFile(dir, "k-" + UUID.randomUUID(), token);
        PackagedApp app = launch(dir, List.of("bindery.secrets.local.denied=api",
                "examples.partner.token=${secret:local/api#token}"));
        assertThat(app.process().waitFor(60, TimeUnit.SECONDS)).as("the application stops by itself").isTrue();
        String log = Files.readString(app.log(), UTF_8);
        assertThat(app.process().exitValue()).as(log).isNotZero();
        assertThat(log).contains("examples.partner.token").contains("local/api#token").contains("denied")
                .doesNotContain(token);
    }

    @Test
    void noSecretValueAppearsInLogsMetricsHealthOutputsOrManifests() throws Exception {
        Path dir = Files.createTempDirectory("bindery-secrets-scan");
        String signingKey = "signing-key-" + UUID.randomUUID();
        String token = "api-token-" + UUID.randomUUID();
        secretsFile(dir, signingKey, token);
        PackagedApp app = launch(dir, List.of("examples.partner.token=${secret:local/api#token}",
                "examples.partner.header=Bearer ${secret:local/api#token}",
                "examples.orders-app=partner",
                "bindery.apps.partner.url=http://svc:${secret:local/api#token}@localhost:9/")).awaitReady(
                        Duration.ofSeconds(60));
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> report = http.send(event(app, "nightlyReport", "{}"), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        assertThat(report.body()).contains("\"signature\":\"" + Reports.sign(signed(report.body()), signingKey) + "\"");
        // a call that fails at the partner (nothing listens) goes through every error path with the URL's password
        http.send(event(app, "orderWorkflow", "{\"id\":\"s-1\",\"item\":\"kettle\",\"quantity\":1}"),
                HttpResponse.BodyHandlers.ofString());

        StringBuilder seen = new StringBuilder();
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready")) {
            seen.append(http.send(HttpRequest.newBuilder(app.baseUri().resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        app.process().destroy();
        app.process().waitFor(30, TimeUnit.SECONDS);
        seen.append(Files.readString(app.log(), UTF_8));
        try (Stream<Path> written = Files.walk(dir.resolve("reports"))) {
            for (Path file : written.filter(Files::isRegularFile).toList()) {
                seen.append(Files.readString(file, UTF_8));
            }
        }
        try (Stream<Path> manifests = Files.list(Path.of("target", "knative"))) {
            for (Path file : manifests.filter(Files::isRegularFile).toList()) {
                seen.append(Files.readString(file, UTF_8));
            }
        }
        assertThat(seen.toString()).as("what the run left to read").contains("nightlyReport")
                .doesNotContain(signingKey).doesNotContain(token);
    }

    private static String signed(String reportJson) throws Exception {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(reportJson);
        var report = new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .treeToValue(node, Reports.OrdersReport.class);
        return report.signed();
    }

    private static HttpRequest event(PackagedApp app, String type, String json) {
        return HttpRequest.newBuilder(app.baseUri()).header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/secrets-it")
                .header("ce-type", type).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}

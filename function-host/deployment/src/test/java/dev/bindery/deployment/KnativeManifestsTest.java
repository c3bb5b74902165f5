package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.bindery.runtime.internal.RecordedFunction;
import dev.bindery.testing.KubernetesManifestValidator;

/** How functions become Triggers and sources. */
class KnativeManifestsTest {

    static final KnativeManifests.Settings SETTINGS = new KnativeManifests.Settings("shop", "registry/shop:1",
            Optional.of("apps"), "default", Optional.of("50"), Optional.of("1"), Optional.of("10"), Optional.empty(), 3,
            "linear", "PT1S", Optional.of("http://dead.apps.svc"), "shop", "kafka:9092", "-XX:+UseSerialGC");

    static RecordedFunction function(String name, List<String> filters) {
        RecordedFunction function = new RecordedFunction();
        function.setName(name);
        function.setFilters(filters);
        return function;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("spec");
    }

    @Test
    void exactFiltersBecomeTriggerAttributesAndPrefixesTheFiltersDialect() {
        KnativeManifests.Files files = KnativeManifests.generate(List.of(
                function("greet", List.of("type=greet")),
                function("placeOrder", List.of("type=com.example.order.placed\nsource^=/shop/"))),
                SETTINGS, binding -> Optional.empty(), KnativeSecrets.NONE);

        assertThat(files.triggers()).hasSize(2);
        Map<String, Object> greet = spec(files.triggers().get(0));
        assertThat(greet.get("filter")).isEqualTo(Map.of("attributes", Map.of("type", "greet")));
        assertThat(greet.get("delivery")).isEqualTo(Map.of("retry", 3, "backoffPolicy", "linear", "backoffDelay",
                "PT1S", "deadLetterSink", Map.of("uri", "http://dead.apps.svc")));
        Map<String, Object> place = spec(files.triggers().get(1));
        assertThat(place.get("filters")).isEqualTo(List.of(Map.of("all", List.of(
                Map.of("exact", Map.of("type", "com.example.order.placed")),
                Map.of("prefix", Map.of("source", "/shop/"))))));
        assertThat(files.triggers().get(1)).extracting(r -> ((Map<?, ?>) r.get("metadata")).get("name"))
                .isEqualTo("shop-place-order");
    }

    @Test
    void cronBindingsBecomePingSourcesAndTopicsKafkaSources() {
        RecordedFunction report = function("nightlyReport", List.of("type=nightlyReport"));
        report.setBinding("nightly");
        RecordedFunction audit = function("auditOrder", List.of("type=auditOrder"));
        audit.setTopic("orders");

        KnativeManifests.Files files = KnativeManifests.generate(List.of(report, audit), SETTINGS,
                binding -> Optional.of("0 30 2 * * ?"), KnativeSecrets.NONE);

        assertThat(files.sources()).extracting(r -> r.get("kind")).containsExactly("KafkaSource", "PingSource");
        assertThat(spec(files.sources().get(1)).get("schedule")).isEqualTo("30 2 * * *");
        assertThat(spec(files.sources().get(0)).get("topics")).isEqualTo(List.of("orders"));
        assertThat(spec(files.triggers().get(0)).get("filter")).isEqualTo(Map.of("attributes", Map.of("topic",
                "orders")));
    }

    @Test
    void theServiceHasProbesScaleAndConcurrency() {
        Map<String, Object> service = KnativeManifests.generate(List.of(), SETTINGS, b -> Optional.empty(),
                KnativeSecrets.NONE).service().get(0);

        assertThat(service.toString()).contains("image=registry/shop:1", "path=/q/health/ready",
                "path=/q/health/live", "autoscaling.knative.dev/min-scale=1", "autoscaling.knative.dev/max-scale=10",
                "containerConcurrency=50", "namespace=apps");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theContainerRunsTheJvmWithTheConfiguredOptionsAndWithoutWhenThereAreNone() {
        Map<String, Object> container = container(KnativeManifests.generate(List.of(), SETTINGS, b -> Optional.empty(),
                KnativeSecrets.NONE).service().get(0));
        assertThat((List<Map<String, Object>>) container.get("env")).containsExactly(Map.of("name",
                "JAVA_TOOL_OPTIONS", "value", "-XX:+UseSerialGC"));

        KnativeManifests.Settings none = new KnativeManifests.Settings("shop", "registry/shop:1", Optional.empty(),
                "default", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 3, "linear", "PT1S",
                Optional.empty(), "shop", "kafka:9092", " ");
        assertThat(container(KnativeManifests.generate(List.of(), none, b -> Optional.empty(), KnativeSecrets.NONE)
                .service().get(0))).doesNotContainKey("env");
    }

    @Test
    void jvmOptionsThatSetACredentialAreRefusedNamingThePropertyNotItsValue() {
        for (String options : List.of("-XX:+UseSerialGC -Ddb.password=hunter2", "-Dapi.TOKEN=hunter2",
                "-Dvault-Secret=hunter2 -Xss512k", "-Dstripe.apiKey=hunter2")) {
            assertThatThrownBy(() -> KnativeManifests.jvmOptions(options)).as(options)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bindery.knative.jvm-options")
                    .hasMessageNotContaining("hunter2");
        }
        assertThat(KnativeManifests.jvmOptions(" -XX:+UseSerialGC -Dfile.encoding=UTF-8 -Dtokenizer.mode=fast "))
                .isEqualTo("-XX:+UseSerialGC -Dfile.encoding=UTF-8 -Dtokenizer.mode=fast");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> container(Map<String, Object> service) {
        Map<String, Object> template = (Map<String, Object>) spec(service).get("template");
        return ((List<Map<String, Object>>) ((Map<String, Object>) template.get("spec")).get("containers")).get(0);
    }

    @Test
    void everyWrittenManifestPassesTheKnativeSchemasAndTheObjectMetaRules(@TempDir Path dir) throws Exception {
        RecordedFunction report = function("nightlyReport", List.of("type=nightlyReport"));
        report.setBinding("nightly");
        RecordedFunction audit = function("auditOrder", List.of("type=auditOrder"));
        audit.setTopic("orders");
        KnativeManifests.Files files = KnativeManifests.generate(List.of(report, audit,
                function("greet", List.of("type=greet")),
                function("placeOrder", List.of("type=com.example.order.placed\nsource^=/shop/"))),
                SETTINGS, binding -> Optional.of("0 30 2 * * ?"), KnativeSecrets.NONE);
        KnativeProcessor.write(dir.resolve("service.yaml"), files.service());
        KnativeProcessor.write(dir.resolve("triggers.yaml"), files.triggers());
        KnativeProcessor.write(dir.resolve("sources.yaml"), files.sources());
        KubernetesManifestValidator validator = KubernetesManifestValidator.knative();

        for (String file : List.of("service.yaml", "triggers.yaml", "sources.yaml")) {
            assertThat(validator.violations(dir.resolve(file))).as(file).isEmpty();
        }
        assertThat(Files.readString(dir.resolve("service.yaml"))).contains(
                "autoscaling.knative.dev/max-scale: \"10\"", "autoscaling.knative.dev/min-scale: \"1\"");
    }

    @Test
    void aFunctionsOwnDeliveryOverridesTheGlobalOneInItsTriggers() {
        RecordedFunction careful = function("careful", List.of("type=careful"));
        careful.setRetryAttempts(2);
        careful.setRetryInitialDelay("PT2S");
        careful.setDeadLetterSink("http://careful-dead.apps.svc");
        RecordedFunction onlyAttempts = function("onlyAttempts", List.of("type=a", "type=b"));
        onlyAttempts.setRetryAttempts(1);

        List<Map<String, Object>> triggers = KnativeManifests.generate(List.of(careful, onlyAttempts,
                function("plain", List.of("type=plain"))), SETTINGS, b -> Optional.empty(), KnativeSecrets.NONE)
                .triggers();

        assertThat(triggers).extracting(t -> spec(t).get("delivery")).containsExactly(
                Map.of("retry", 1, "backoffPolicy", "linear", "backoffDelay", "PT2S", "deadLetterSink", Map.of("uri",
                        "http://careful-dead.apps.svc")),
                Map.of("retry", 0, "backoffPolicy", "linear", "backoffDelay", "PT1S", "deadLetterSink", Map.of("uri",
                        "http://dead.apps.svc")),
                Map.of("retry", 0, "backoffPolicy", "linear", "backoffDelay", "PT1S", "deadLetterSink", Map.of("uri",
                        "http://dead.apps.svc")),
                Map.of("retry", 3, "backoffPolicy", "linear", "backoffDelay", "PT1S", "deadLetterSink", Map.of("uri",
                        "http://dead.apps.svc")));
    }

    @Test
    void subscriptionsBindingsAndDeliveryDeclaredInConfigurationGetTheirTriggersAndSources() {
        Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "bindery.functions.tally.topic", "tallies",
                "bindery.functions.\"heartbeat\".binding", "heartbeats",
                "bindery.functions.greet.retry-attempts", "4",
                "bindery.functions.greet.retry-initial-delay", "500ms",
                "bindery.functions.greet.dead-letter-sink", "http://greet-dead.apps.svc"), "test", 100)).build();
        RecordedFunction annotated = function("greet", List.of("type=greet"));
        annotated.setRetryAttempts(9);

        List<RecordedFunction> configured = KnativeProcessor.configured(List.of(annotated, function("tally", List.of(
                "type=tally")), function("heartbeat", List.of("type=heartbeat"))), config);
        KnativeManifests.Files files = KnativeManifests.generate(configured, SETTINGS, binding -> binding.equals(
                "heartbeats") ? Optional.of("0 */5 * * * ?") : Optional.empty(), KnativeSecrets.NONE);

        assertThat(annotated.getRetryAttempts()).as("the scanned function is left as it was").isEqualTo(9);
        assertThat(files.triggers()).extracting(t -> (Object) ((Map<?, ?>) t.get("metadata")).get("name")).containsExactly(
                "shop-greet", "shop-tally-topic");
        assertThat(spec(files.triggers().get(0)).get("delivery")).isEqualTo(Map.of("retry", 3, "backoffPolicy",
                "linear", "backoffDelay", "PT0.5S", "deadLetterSink", Map.of("uri", "http://greet-dead.apps.svc")));
        assertThat(spec(files.triggers().get(1)).get("filter")).isEqualTo(Map.of("attributes", Map.of("topic",
                "tallies")));
        assertThat(files.sources()).extracting(r -> r.get("kind")).containsExactly("PingSource", "KafkaSource");
        assertThat(spec(files.sources().get(0)).get("schedule")).isEqualTo("*/5 * * * *");
    }
}

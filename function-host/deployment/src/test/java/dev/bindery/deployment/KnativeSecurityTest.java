package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.bindery.runtime.internal.RecordedFunction;

/**
 * The security settings in the Knative manifests, from a configuration shaped like the examples' secure profile: the
 * Service carries them as environment variables, takes every token from a Kubernetes Secret and never holds a value,
 * and the deliveries ask for OIDC tokens of the Service's audience; all of it as fabric8's typed Knative model reads it.
 */
class KnativeSecurityTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String LITERAL = "literal-token-3c1f9e";

    static SmallRyeConfig config(List<String> profiles, Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withProfiles(profiles).withSources(new PropertiesConfigSource(properties,
                "application.properties", 250)).build();
    }

    static final Map<String, String> SECURE_PROFILE = Map.ofEntries(
            Map.entry("bindery.secrets.cluster.type", "kubernetes-dir"),
            Map.entry("%secure.bindery.security.enabled", "true"),
            Map.entry("%secure.bindery.access.default-action", "deny"),
            Map.entry("%secure.bindery.secrets.env.type", "env"),
            Map.entry("%secure.bindery.security.tokens.ops.value", "${secret:env/EXAMPLES_OPS_TOKEN}"),
            Map.entry("%secure.bindery.security.tokens.ci.value", "${secret:cluster/ci-token#token}"),
            Map.entry("%secure.bindery.security.tokens.baked.value", LITERAL),
            Map.entry("%secure.bindery.security.app-identity.private-key", "${secret:env/EXAMPLES_APP_PRIVATE_KEY}"),
            Map.entry("%secure.bindery.security.jwt.jwks", "https://kubernetes.default.svc/openid/v1/jwks"),
            Map.entry("%secure.bindery.security.jwt.audiences", "shop,other"),
            Map.entry("%test.bindery.secrets.env.type", "env"),
            Map.entry("%test.bindery.security.tokens.test.value", "${secret:env/TEST_ONLY_TOKEN}"));

    static Path generate(SmallRyeConfig config, Path dir) {
        RecordedFunction greet = KnativeManifestsTest.function("greet", List.of("type=greet"));
        RecordedFunction report = KnativeManifestsTest.function("nightlyReport", List.of("type=nightlyReport"));
        report.setBinding("nightly");
        KnativeManifests.Files files = KnativeManifests.generate(List.of(greet, report), KnativeManifestsTest.SETTINGS,
                binding -> Optional.of("0 0 2 * * ?"), KnativeSecrets.of(KnativeProcessor.rawProperties(config),
                        List.of()),
                KnativeSecurity.of(config));
        KnativeProcessor.write(dir.resolve("service.yaml"), files.service());
        KnativeProcessor.write(dir.resolve("triggers.yaml"), files.triggers());
        KnativeProcessor.write(dir.resolve("sources.yaml"), files.sources());
        return dir;
    }

    static List<JsonNode> documents(Path file) throws Exception {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll();
        }
    }

    static Map<String, EnvVar> env(Path dir) throws Exception {
        Service service = YAML.treeToValue(documents(dir.resolve("service.yaml")).get(0), Service.class);
        var container = service.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getAdditionalProperties()).isEmpty();
        Map<String, EnvVar> env = new TreeMap<>();
        if (container.getEnv() != null) {
            container.getEnv().forEach(variable -> {
                assertThat(variable.getAdditionalProperties()).isEmpty();
                env.put(variable.getName(), variable);
            });
        }
        return env;
    }

    @Test
    void withSecurityOnTheServiceCarriesTheSettingsAndTakesTokensFromSecretsNeverAValue(@TempDir Path dir)
            throws Exception {
        generate(config(List.of("prod", "secure"), SECURE_PROFILE), dir);

        Map<String, EnvVar> env = env(dir);
        assertThat(env.get("QUARKUS_PROFILE").getValue()).isEqualTo("prod,secure");
        assertThat(env.get("BINDERY_SECURITY_ENABLED").getValue()).isEqualTo("true");
        assertThat(env.get("BINDERY_SECURITY_OBSERVABILITY").getValue()).as("the probes send no credential")
                .isEqualTo("open");
        for (String variable : List.of("EXAMPLES_OPS_TOKEN", "EXAMPLES_APP_PRIVATE_KEY")) {
            EnvVar token = env.get(variable);
            assertThat(token.getValue()).as(variable + " holds no value").isNull();
            assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-env");
            assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(variable);
            assertThat(token.getValueFrom().getSecretKeyRef().getAdditionalProperties()).isEmpty();
        }
        assertThat(env).as("a variable only another profile reads").doesNotContainKey("TEST_ONLY_TOKEN");
        // a token of a kubernetes-dir store is mounted, and so rotates without a new revision
        assertThat(Files.readString(dir.resolve("service.yaml"))).contains("secretName: ci-token");

        for (JsonNode document : documents(dir.resolve("triggers.yaml"))) {
            Trigger trigger = YAML.treeToValue(document, Trigger.class);
            assertThat(trigger.getSpec().getSubscriber().getAdditionalProperties()).isEmpty();
            assertThat(trigger.getSpec().getSubscriber().getAudience()).as("Eventing's OIDC token is for the Service")
                    .isEqualTo("shop");
        }
        PingSource ping = YAML.treeToValue(documents(dir.resolve("sources.yaml")).get(0), PingSource.class);
        assertThat(ping.getSpec().getSink().getAudience()).isEqualTo("shop");

        for (String file : List.of("service.yaml", "triggers.yaml", "sources.yaml")) {
            assertThat(Files.readString(dir.resolve(file))).as(file).doesNotContain(LITERAL).doesNotContain(
                    "${secret:").doesNotContain("value: ${");
        }
    }

    @Test
    void withSecurityOffTheManifestsCarryNothingOfIt(@TempDir Path dir) throws Exception {
        generate(config(List.of("prod"), SECURE_PROFILE), dir);

        assertThat(env(dir)).as("only the JVM options").containsOnlyKeys("JAVA_TOOL_OPTIONS");
        assertThat(Files.readString(dir.resolve("triggers.yaml"))).doesNotContain("audience");
        assertThat(KnativeSecurity.of(config(List.of("prod"), Map.of())).env()).isEmpty();
    }

    @Test
    void aTokenWithoutJwtsNeedsNoAudience() {
        KnativeSecurity security = KnativeSecurity.of(config(List.of("prod"), Map.of("bindery.security.enabled",
                "true")));
        assertThat(security.audience()).isEmpty();
        assertThat(security.env()).extracting(variable -> variable.get("name")).containsExactly(
                "BINDERY_SECURITY_ENABLED", "BINDERY_SECURITY_OBSERVABILITY");
    }

    @Test
    void aVariableThatCannotBeAKeyOfASecretFailsTheBuildNamingTheStore() {
        assertThatThrownBy(() -> KnativeSecrets.of(Map.of("bindery.secrets.env.type", "env",
                "bindery.security.tokens.x.value", "${secret:env/TOKEN WITH SPACE}"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'env'")
                .hasMessageContaining("TOKEN WITH SPACE");
    }
}

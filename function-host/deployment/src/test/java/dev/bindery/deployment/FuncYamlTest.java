package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bindery.testing.FuncYamlValidator;

/** The func.yaml of Knative Functions, read off the generated Service. */
class FuncYamlTest {

    static KnativeManifests.Files withSecrets() {
        return KnativeManifests.generate(List.of(), KnativeManifestsTest.SETTINGS, binding -> Optional.empty(),
                KnativeSecrets.of(Map.of(
                        "bindery.secrets.cluster.type", "kubernetes-dir",
                        "bindery.secrets.cluster.secrets", "report-signing",
                        "bindery.secrets.env.type", "env",
                        "shop.token", "${secret:env/SHOP_TOKEN}",
                        "bindery.secrets.api.type", "kubernetes",
                        "bindery.secrets.api.allowed", "db"), List.of()));
    }

    @Test
    void theServicesImageScaleProbesEnvironmentVolumesAndAccountBecomeFuncsFields() {
        Map<String, Object> func = FuncYaml.of(withSecrets().service().get(0), KnativeManifestsTest.SETTINGS);

        assertThat(func).containsEntry("name", "shop").containsEntry("runtime", "quarkus")
                .containsEntry("image", "registry/shop:1").containsEntry("namespace", "apps");
        assertThat(func.get("run")).isEqualTo(Map.of(
                "envs", List.of(Map.of("name", "JAVA_TOOL_OPTIONS", "value", "-XX:+UseSerialGC"), Map.of("name",
                        "SHOP_TOKEN", "value", "{{ secret:shop-env:SHOP_TOKEN }}")),
                "volumes", List.of(Map.of("secret", "report-signing", "path",
                        "/var/run/secrets/bindery/cluster/report-signing"))));
        assertThat(func.get("deploy")).isEqualTo(Map.of(
                "namespace", "apps",
                "healthEndpoints", Map.of("liveness", "/q/health/live", "readiness", "/q/health/ready"),
                "options", Map.of("scale", Map.of("min", 1, "max", 10), "resources", Map.of("limits", Map.of(
                        "concurrency", 50))),
                "serviceAccountName", "shop"));
    }

    @Test
    void theWrittenFuncYamlPassesFuncsSchema(@TempDir Path dir) {
        KnativeManifests.Files files = withSecrets();
        KnativeProcessor.write(dir.resolve("func.yaml"), List.of(FuncYaml.of(files.service().get(0),
                KnativeManifestsTest.SETTINGS)));

        assertThat(FuncYamlValidator.knativeFunctions().violations(dir.resolve("func.yaml"))).isEmpty();
    }

    @Test
    void theSchemaRefusesWhatFuncWouldNotRead(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("func.yaml"), """
                specVersion: 0.36.0
                name: Shop
                created: 2026-01-01T00:00:00Z
                deploy:
                  options:
                    scale:
                      min: "1"
                  subscriptions:
                  - filters:
                      type: t
                """);

        assertThat(FuncYamlValidator.knativeFunctions().violations(dir.resolve("func.yaml"))).anySatisfy(
                violation -> assertThat(violation).contains("/name")).anySatisfy(
                        violation -> assertThat(violation)
                                .contains("/deploy/options/scale/min"))
                .anySatisfy(violation -> assertThat(violation).contains(
                        "source"));
    }
}

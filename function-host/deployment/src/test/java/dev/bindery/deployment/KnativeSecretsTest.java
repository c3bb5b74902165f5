package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** How the secret stores' configuration becomes mounted Secrets and the Service's account. */
class KnativeSecretsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static KnativeManifests.Files generate(Map<String, String> properties, KnativeSecrets.Injected... injected) {
        return KnativeManifests.generate(List.of(), KnativeManifestsTest.SETTINGS, binding -> Optional.empty(),
                KnativeSecrets.of(properties, List.of(injected)));
    }

    /** The Service as fabric8's typed model reads it: a field it does not know would land in additionalProperties. */
    static Service service(KnativeManifests.Files files) {
        Service service = JSON.convertValue(files.service().get(0), Service.class);
        assertThat(service.getSpec().getTemplate().getSpec().getAdditionalProperties()).isEmpty();
        return service;
    }

    @Test
    void aKubernetesDirStoreMountsTheSecretsItListsAndThoseReferencedReadOnlyUnderItsPath() {
        KnativeManifests.Files files = generate(Map.of(
                "bindery.secrets.cluster.type", "kubernetes-dir",
                "bindery.secrets.cluster.secrets", "report-signing, tls.certs",
                "bindery.secrets.certs.type", "kubernetes-dir",
                "bindery.secrets.certs.path", "/etc/certs/",
                "db.password", "${secret:cluster/db#password}",
                "api.url", "https://${secret:certs/api-host}/v1",
                "bindery.secrets.local.type", "file",
                "other.password", "${secret:local/db#password}"),
                new KnativeSecrets.Injected("cluster", "api-token"));

        var pod = service(files).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).allSatisfy(volume -> {
            assertThat(volume.getAdditionalProperties()).isEmpty();
            assertThat(volume.getSecret().getAdditionalProperties()).isEmpty();
            assertThat(volume.getName()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
        });
        assertThat(pod.getVolumes()).extracting(volume -> volume.getSecret().getSecretName()).containsExactly(
                "api-host", "api-token", "db", "report-signing", "tls.certs");
        var container = pod.getContainers().get(0);
        assertThat(container.getVolumeMounts()).allSatisfy(mount -> {
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(mount.getAdditionalProperties()).isEmpty();
            assertThat(pod.getVolumes()).anySatisfy(volume -> assertThat(volume.getName()).isEqualTo(mount
                    .getName()));
        });
        assertThat(container.getVolumeMounts()).extracting(mount -> mount.getMountPath()).containsExactly(
                "/etc/certs/api-host",
                "/var/run/secrets/bindery/cluster/api-token",
                "/var/run/secrets/bindery/cluster/db",
                "/var/run/secrets/bindery/cluster/report-signing",
                "/var/run/secrets/bindery/cluster/tls.certs");
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(files.serviceAccount()).isEmpty();
    }

    @Test
    void aKubernetesStoreGetsTheServiceAnAccountAndARoleLimitedToTheSecretsItNames() {
        KnativeManifests.Files files = generate(Map.of(
                "bindery.secrets.scoped.type", "kubernetes",
                "bindery.secrets.scoped.allowed", "db,api-token,legacy",
                "bindery.secrets.scoped.denied", "legacy",
                "bindery.secrets.referenced.type", "kubernetes",
                "db.password", "${secret:referenced/orders-db#password}",
                "bindery.secrets.everything.type", "kubernetes"));

        assertThat(service(files).getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("shop");
        assertThat(files.serviceAccount()).extracting(r -> r.get("kind")).containsExactly("ServiceAccount", "Role",
                "RoleBinding", "Role", "RoleBinding", "Role", "RoleBinding");
        ServiceAccount account = JSON.convertValue(files.serviceAccount().get(0), ServiceAccount.class);
        assertThat(account.getMetadata().getName()).isEqualTo("shop");
        assertThat(account.getMetadata().getNamespace()).isEqualTo("apps");

        Map<String, List<String>> resourceNames = new java.util.TreeMap<>();
        for (int i = 1; i < files.serviceAccount().size(); i += 2) {
            Role role = JSON.convertValue(files.serviceAccount().get(i), Role.class);
            RoleBinding binding = JSON.convertValue(files.serviceAccount().get(i + 1), RoleBinding.class);
            assertThat(role.getAdditionalProperties()).isEmpty();
            assertThat(binding.getAdditionalProperties()).isEmpty();
            PolicyRule rule = role.getRules().get(0);
            assertThat(rule.getAdditionalProperties()).isEmpty();
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("secrets");
            assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo("shop");
                assertThat(subject.getNamespace()).isEqualTo("apps");
            });
            resourceNames.put(role.getMetadata().getName(), rule.getResourceNames());
        }
        assertThat(resourceNames).containsEntry("shop-secrets-scoped", List.of("api-token", "db"))
                .containsEntry("shop-secrets-referenced", List.of("orders-db"))
                .containsEntry("shop-secrets-everything", List.of());
    }

    @Test
    void anythingButAKubernetesSecretNameFailsTheBuildNamingTheStore() {
        assertThatThrownBy(() -> KnativeSecrets.of(Map.of("bindery.secrets.cluster.type", "kubernetes-dir",
                "db.password", "${secret:cluster/Team/db#password}"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cluster'").hasMessageContaining("'Team/db'")
                .hasMessageContaining("not a Kubernetes Secret name");
        assertThatThrownBy(() -> KnativeSecrets.of(Map.of("bindery.secrets.cluster.type", "kubernetes-dir",
                "bindery.secrets.cluster.path", "secrets"), List.of()))
                .hasMessageContaining("bindery.secrets.cluster.path must be an absolute path");
    }

    @Test
    void volumeNamesAreDnsLabelsThatKeepDistinctSecretsApart() {
        String longName = "a".repeat(80) + ".b";
        assertThat(KnativeSecrets.volumeName("report-signing")).isEqualTo("secret-report-signing");
        assertThat(KnativeSecrets.volumeName("a.b")).isNotEqualTo(KnativeSecrets.volumeName("a-b"))
                .matches("[a-z0-9-]+");
        assertThat(KnativeSecrets.volumeName(longName)).hasSizeLessThanOrEqualTo(63)
                .isNotEqualTo(KnativeSecrets.volumeName("a".repeat(80) + ".c"));
    }

    @Test
    void theBuildReadsTheConfigurationAsWrittenAndNeverResolvesASecret(@TempDir Path dir) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "bindery.secrets.cluster.type", "kubernetes-dir",
                "db.password", "${secret:cluster/db#password}",
                "secret", "resolved-by-mistake",
                "unset.expression", "${nowhere}"), "test", 100)).build();

        Map<String, String> raw = KnativeProcessor.rawProperties(config);
        assertThat(raw).containsEntry("db.password", "${secret:cluster/db#password}")
                .containsEntry("unset.expression", "${nowhere}");

        KnativeManifests.Files files = KnativeManifests.generate(List.of(), KnativeManifestsTest.SETTINGS,
                binding -> Optional.empty(), KnativeSecrets.of(raw, List.of()));
        KnativeProcessor.write(dir.resolve("service.yaml"), files.service());
        String written = Files.readString(dir.resolve("service.yaml"));
        assertThat(written).contains("secretName: db").doesNotContain("resolved-by-mistake").doesNotContain(
                "${secret:");
    }

    @Test
    void withoutStoresTheServiceHasNoVolumesAndNoAccount() {
        KnativeManifests.Files files = generate(Map.of("bindery.secrets.env.type", "env"));
        var pod = service(files).getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).isNullOrEmpty();
        assertThat(pod.getServiceAccountName()).isNull();
        assertThat(files.serviceAccount()).isEmpty();
    }
}

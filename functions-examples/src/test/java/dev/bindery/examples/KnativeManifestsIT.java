package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.knative.sources.v1beta1.KafkaSource;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.quarkus.funqy.Funq;

import dev.bindery.binding.OnBinding;
import dev.bindery.function.Delivery;
import dev.bindery.function.OnEvent;
import dev.bindery.internal.secrets.KubernetesDirSecretStoreProvider;
import dev.bindery.internal.secrets.SecretReference;
import dev.bindery.pubsub.OnTopic;
import dev.bindery.testing.FuncYamlValidator;
import dev.bindery.testing.KubernetesManifestValidator;

/**
 * The Knative manifests the build wrote for the examples ({@code target/knative/}): they parse into fabric8's typed
 * Knative model with no field the model does not know, each Trigger's filter is a function's filter, the Service mounts
 * the Secrets the {@code kubernetes-dir} stores read as Knative accepts volumes, no manifest holds a secret's value, and
 * the copy committed in {@code knative/} is not stale.
 */
class KnativeManifestsIT {

    static final Path GENERATED = Path.of("target/knative");
    static final Path COMMITTED = Path.of("../knative");
    /** Knative Functions' configuration, validated against func's schema rather than a CRD's. */
    static final String FUNC_YAML = "func.yaml";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The test profile's secrets, laid out as the kubelet mounts them: {@code <store>/<secret>/<key>}. */
    static final Path TEST_SECRETS = Path.of("src/test/resources/secrets");
    /** Paths Knative Serving refuses as a volume's mount path. */
    static final Set<String> RESERVED_PATHS = Set.of("/", "/dev", "/dev/log", "/tmp", "/var", "/var/log");

    static List<JsonNode> documents(Path file) throws IOException {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll();
        }
    }

    static <T> T typed(JsonNode document, Class<T> type) throws IOException {
        return YAML.treeToValue(document, type);
    }

    static Service knativeService() throws IOException {
        return typed(documents(GENERATED.resolve("service.yaml")).get(0), Service.class);
    }

    /** The application's configuration as written (no profile). */
    static Properties applicationProperties() throws IOException {
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            config.load(in);
        }
        return config;
    }

    @Test
    void theManifestsParseIntoTheTypedKnativeModel() throws Exception {
        List<JsonNode> service = documents(GENERATED.resolve("service.yaml"));
        Service knativeService = knativeService();
        var container = knativeService.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(knativeService.getSpec().getTemplate().getSpec().getContainerConcurrency()).isEqualTo(100L);
        assertThat(knativeService.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry(
                "autoscaling.knative.dev/max-scale", "5");
        assertThat(knativeService.getSpec().getAdditionalProperties()).isEmpty();
        SinkBinding sinkBinding = typed(service.get(1), SinkBinding.class);
        assertThat(sinkBinding.getSpec().getSink().getRef().getKind()).isEqualTo("Broker");
        assertThat(sinkBinding.getSpec().getSubject().getName()).isEqualTo(knativeService.getMetadata().getName());

        for (JsonNode document : documents(GENERATED.resolve("triggers.yaml"))) {
            Trigger trigger = typed(document, Trigger.class);
            assertThat(trigger.getSpec().getAdditionalProperties()).as(trigger.getMetadata().getName()).isEmpty();
            assertThat(trigger.getSpec().getBroker()).isEqualTo("default");
            assertThat(trigger.getSpec().getSubscriber().getRef().getName()).isEqualTo("bindery-examples");
            String function = trigger.getMetadata().getLabels().get("bindery.dev/function");
            Delivery delivery = deliveries().get(function);
            Properties config = applicationProperties();
            int attempts = Integer.parseInt(config.getProperty("bindery.functions." + function + ".retry-attempts",
                    delivery == null ? "6" : Integer.toString(delivery.retryAttempts())));
            assertThat(trigger.getSpec().getDelivery().getRetry()).as(function).isEqualTo(attempts - 1);
            assertThat(trigger.getSpec().getDelivery().getDeadLetterSink().getUri()).as(function).isEqualTo(config
                    .getProperty("bindery.functions." + function + ".dead-letter-sink", config.getProperty(
                            "bindery.knative.delivery.dead-letter-sink")));
        }
        for (JsonNode document : documents(GENERATED.resolve("sources/sources.yaml"))) {
            if (document.path("kind").asText().equals("PingSource")) {
                PingSource ping = typed(document, PingSource.class);
                assertThat(ping.getSpec().getAdditionalProperties()).isEmpty();
                assertThat(ping.getSpec().getSink().getUri()).isEqualTo("/nightlyReport");
            } else {
                KafkaSource kafka = typed(document, KafkaSource.class);
                assertThat(kafka.getSpec().getAdditionalProperties()).isEmpty();
                assertThat(kafka.getSpec().getTopics()).containsExactly("orders");
            }
        }
    }

    @Test
    void theGeneratedAndCommittedManifestsPassTheKnativeSchemasAsTheApiServerChecksThem() throws Exception {
        KubernetesManifestValidator validator = KubernetesManifestValidator.knative();
        for (Path dir : List.of(GENERATED, COMMITTED)) {
            List<Path> manifests;
            try (Stream<Path> files = Files.walk(dir)) {
                manifests = files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith(FUNC_YAML)).sorted()
                        .toList();
            }
            assertThat(manifests).as(dir + " holds manifests").isNotEmpty();
            for (Path file : manifests) {
                assertThat(validator.violations(file)).as(file.toString()).isEmpty();
            }
        }
    }

    @Test
    void theGeneratedAndCommittedFuncYamlPassFuncsSchemaAndDeployTheServicesContainer() throws Exception {
        FuncYamlValidator validator = FuncYamlValidator.knativeFunctions();
        for (Path dir : List.of(GENERATED, COMMITTED)) {
            assertThat(validator.violations(dir.resolve(FUNC_YAML))).as(dir.resolve(FUNC_YAML).toString()).isEmpty();
        }
        JsonNode func = documents(GENERATED.resolve(FUNC_YAML)).get(0);
        Service service = knativeService();
        var container = service.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(func.path("name").asText()).isEqualTo(service.getMetadata().getName());
        assertThat(func.path("image").asText()).isEqualTo(container.getImage());
        assertThat(func.path("deploy").path("healthEndpoints").path("readiness").asText()).isEqualTo(container
                .getReadinessProbe().getHttpGet().getPath());
        assertThat(func.path("deploy").path("options").path("scale").path("max").asText()).isEqualTo(service.getSpec()
                .getTemplate().getMetadata().getAnnotations().get("autoscaling.knative.dev/max-scale"));
        assertThat(func.path("deploy").path("options").path("resources").path("limits").path("concurrency").asLong())
                .isEqualTo(service.getSpec().getTemplate().getSpec().getContainerConcurrency());
        List<String> volumes = new ArrayList<>();
        func.path("run").path("volumes").forEach(volume -> volumes.add(volume.path("secret").asText() + "@" + volume
                .path("path").asText()));
        Map<String, String> secretOfVolume = new HashMap<>();
        service.getSpec().getTemplate().getSpec().getVolumes().forEach(volume -> secretOfVolume.put(volume.getName(),
                volume.getSecret().getSecretName()));
        assertThat(volumes).containsExactlyInAnyOrderElementsOf(container.getVolumeMounts().stream().map(
                mount -> secretOfVolume.get(mount.getName()) + "@" + mount.getMountPath()).toList());
    }

    @Test
    void theServiceMountsTheSecretsOfEveryKubernetesDirStoreAsKnativeAcceptsVolumes() throws Exception {
        Properties config = applicationProperties();
        Map<String, String> expected = new TreeMap<>();
        for (String property : config.stringPropertyNames()) {
            if (!property.startsWith("bindery.secrets.") || !property.endsWith(".type") || !config.getProperty(
                    property).equals("kubernetes-dir")) {
                continue;
            }
            String store = property.substring("bindery.secrets.".length(), property.length() - ".type".length());
            String root = config.getProperty("bindery.secrets." + store + ".path", KubernetesDirSecretStoreProvider
                    .defaultPath(store));
            Set<String> secrets = new HashSet<>(List.of(config.getProperty("bindery.secrets." + store + ".secrets", "")
                    .split("\\s*,\\s*")));
            for (String name : config.stringPropertyNames()) {
                String value = config.getProperty(name);
                if (!name.startsWith("%") && SecretReference.mentions(value)) {
                    SecretReference.parse(value).stream().filter(r -> r.store().equals(store)).forEach(r -> secrets
                            .add(r.name()));
                }
            }
            secrets.stream().filter(s -> !s.isEmpty()).forEach(secret -> expected.put(root + "/" + secret, secret));
        }
        assertThat(expected).as("the examples configure a kubernetes-dir store").isNotEmpty();

        var pod = knativeService().getSpec().getTemplate().getSpec();
        Map<String, Volume> volumes = new HashMap<>();
        for (Volume volume : pod.getVolumes()) {
            assertThat(volume.getAdditionalProperties()).as(volume.getName()).isEmpty();
            assertThat(volume.getName()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
            // Knative Serving takes secret, configMap and projected volumes (others only behind feature flags)
            assertThat(volume.getSecret()).as(volume.getName() + " is a secret volume").isNotNull();
            assertThat(volume.getSecret().getAdditionalProperties()).isEmpty();
            assertThat(volumes.put(volume.getName(), volume)).as("volume names are unique").isNull();
        }
        Map<String, String> mounted = new TreeMap<>();
        Set<String> mountedVolumes = new HashSet<>();
        for (VolumeMount mount : pod.getContainers().get(0).getVolumeMounts()) {
            assertThat(mount.getAdditionalProperties()).isEmpty();
            assertThat(mount.getReadOnly()).as("Knative requires secret mounts to be read-only").isTrue();
            assertThat(mount.getMountPath()).startsWith("/").isNotIn(RESERVED_PATHS);
            assertThat(volumes).as("the mount's volume").containsKey(mount.getName());
            assertThat(mounted.put(mount.getMountPath(), volumes.get(mount.getName()).getSecret().getSecretName()))
                    .as("mount paths are unique").isNull();
            mountedVolumes.add(mount.getName());
        }
        assertThat(mountedVolumes).as("Knative refuses a volume that is not mounted").isEqualTo(volumes.keySet());
        assertThat(mounted).isEqualTo(expected);
        if (Files.exists(GENERATED.resolve("service-account.yaml"))) {
            assertThat(pod.getServiceAccountName()).isNotEmpty();
        }
    }

    @Test
    void theServiceAccountAndItsRolesParseIntoTheTypedModelsWhenAStoreNeedsThem() throws Exception {
        Path file = GENERATED.resolve("service-account.yaml");
        boolean kubernetesStore = applicationProperties().entrySet().stream().anyMatch(e -> e.getKey().toString()
                .matches("bindery\\.secrets\\.[^.]+\\.type") && e.getValue().equals("kubernetes"));
        assertThat(Files.exists(file)).as("service-account.yaml exactly when a kubernetes store is configured")
                .isEqualTo(kubernetesStore);
        if (!kubernetesStore) {
            assertThat(knativeService().getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
            return;
        }
        for (JsonNode document : documents(file)) {
            Object resource = switch (document.path("kind").asText()) {
                case "ServiceAccount" -> typed(document, ServiceAccount.class);
                case "Role" -> typed(document, Role.class);
                case "RoleBinding" -> typed(document, RoleBinding.class);
                default -> throw new AssertionError("unexpected " + document.path("kind"));
            };
            assertThat(resource).isNotNull();
        }
    }

    @Test
    void noManifestHoldsTheValueOfASecret() throws Exception {
        List<String> values = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEST_SECRETS)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                values.add(Files.readString(file).trim());
            }
        }
        assertThat(values).as("test secrets under " + TEST_SECRETS).isNotEmpty();
        for (Path dir : List.of(GENERATED, COMMITTED)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                    String manifest = Files.readString(file);
                    assertThat(values).as(file + " holds a secret's value").noneMatch(manifest::contains);
                    assertThat(manifest).as(file.toString()).doesNotContain("${secret:");
                }
            }
        }
    }

    /** The functions' {@code @Delivery}, by function. */
    static Map<String, Delivery> deliveries() throws Exception {
        Map<String, Delivery> deliveries = new HashMap<>();
        try (Stream<Path> classes = Files.list(Path.of("target/classes/dev/bindery/examples"))) {
            for (Path file : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = "dev.bindery.examples." + file.getFileName().toString().replace(".class", "");
                for (Method method : Class.forName(name).getMethods()) {
                    if (method.isAnnotationPresent(Delivery.class)) {
                        deliveries.put(method.getName(), method.getAnnotation(Delivery.class));
                    }
                }
            }
        }
        assertThat(deliveries).as("an example sets its own delivery").isNotEmpty();
        return deliveries;
    }

    /**
     * A function's filters as its annotations say (type = the name when it has no @OnEvent): the attributes of
     * {@code filter.attributes} when exact, else the {@code filters} dialect, exact conditions then {@code cesql}.
     */
    static Map<String, List<Object>> routedFunctions() throws Exception {
        Map<String, List<Object>> routed = new HashMap<>();
        try (Stream<Path> classes = Files.list(Path.of("target/classes/dev/bindery/examples"))) {
            for (Path file : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = "dev.bindery.examples." + file.getFileName().toString().replace(".class", "");
                for (Method method : Class.forName(name).getMethods()) {
                    if (!method.isAnnotationPresent(Funq.class) || method.isAnnotationPresent(OnBinding.class)) {
                        continue;
                    }
                    if (method.isAnnotationPresent(OnTopic.class)) {
                        routed.put(method.getName(), List.of(Map.of("topic", method.getAnnotation(OnTopic.class)
                                .topic())));
                        continue;
                    }
                    List<Object> filters = new ArrayList<>();
                    for (OnEvent on : method.getAnnotationsByType(OnEvent.class)) {
                        assertThat(on.where().length + on.any().length + on.not().length)
                                .as("this check reads type, source, subject and sql: extend it").isZero();
                        Map<String, String> filter = new LinkedHashMap<>();
                        if (!on.type().isEmpty()) {
                            filter.put("type", on.type());
                        }
                        if (!on.source().isEmpty()) {
                            filter.put("source", on.source());
                        }
                        if (!on.subject().isEmpty()) {
                            filter.put("subject", on.subject());
                        }
                        if (on.sql().isEmpty()) {
                            filters.add(filter);
                        } else {
                            List<Object> all = new ArrayList<>();
                            filter.forEach((attribute, value) -> all.add(Map.of("exact", Map.of(attribute, value))));
                            all.add(Map.of("cesql", on.sql()));
                            filters.add(List.of(Map.of("all", all)));
                        }
                    }
                    routed.put(method.getName(), filters.isEmpty()
                            ? List.of(Map.of("type", method.getName()))
                            : filters);
                }
            }
        }
        return routed;
    }

    @Test
    void everyTriggerFiltersAsAFunctionDoesAndEveryRoutedFunctionHasATrigger() throws Exception {
        Map<String, List<JsonNode>> expected = new HashMap<>();
        routedFunctions().forEach((function, filters) -> expected.put(function, filters.stream()
                .map(filter -> (JsonNode) YAML.valueToTree(filter)).toList()));
        Map<String, List<JsonNode>> triggered = new HashMap<>();
        for (JsonNode document : documents(GENERATED.resolve("triggers.yaml"))) {
            Trigger trigger = typed(document, Trigger.class);
            String function = trigger.getMetadata().getLabels().get("bindery.dev/function");
            JsonNode spec = document.path("spec");
            triggered.computeIfAbsent(function, f -> new ArrayList<>()).add(spec.has("filters")
                    ? spec.get("filters")
                    : spec.path("filter").path("attributes"));
        }
        assertThat(triggered).isEqualTo(expected);
    }

    @Test
    void theCommittedManifestsAreNotStale() throws Exception {
        try (Stream<Path> files = Files.walk(GENERATED)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path committed = COMMITTED.resolve(GENERATED.relativize(file));
                assertThat(committed).as("knative/ is stale: copy target/knative/ over knative/ "
                        + "(after mvn package -pl functions-examples)").exists();
                assertThat(Files.readString(committed)).as("knative/" + GENERATED.relativize(file) + " is stale: copy "
                        + "functions-examples/target/knative/ over knative/").isEqualTo(Files.readString(file));
            }
        }
    }
}

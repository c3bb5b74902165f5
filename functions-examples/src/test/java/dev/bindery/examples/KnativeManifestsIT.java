package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import io.quarkus.funqy.Funq;

import dev.bindery.binding.OnBinding;
import dev.bindery.function.OnEvent;
import dev.bindery.pubsub.OnTopic;

/**
 * The Knative manifests the build wrote for the examples ({@code target/knative/}): they parse into fabric8's typed
 * Knative model with no field the model does not know, each Trigger's filter is a function's filter, and the copy
 * committed in {@code knative/} is not stale.
 */
class KnativeManifestsIT {

    static final Path GENERATED = Path.of("target/knative");
    static final Path COMMITTED = Path.of("../knative");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(Path file) throws IOException {
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            return documents.readAll();
        }
    }

    static <T> T typed(JsonNode document, Class<T> type) throws IOException {
        return YAML.treeToValue(document, type);
    }

    @Test
    void theManifestsParseIntoTheTypedKnativeModel() throws Exception {
        List<JsonNode> service = documents(GENERATED.resolve("service.yaml"));
        Service knativeService = typed(service.get(0), Service.class);
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
            assertThat(trigger.getSpec().getDelivery().getRetry()).isEqualTo(5);
            assertThat(trigger.getSpec().getDelivery().getDeadLetterSink().getUri()).startsWith("http://");
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

    /** A function's filters as its annotations say (type = the name when it has no @OnEvent). */
    static Map<String, List<Map<String, String>>> routedFunctions() throws Exception {
        Map<String, List<Map<String, String>>> routed = new HashMap<>();
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
                    List<Map<String, String>> filters = new ArrayList<>();
                    for (OnEvent on : method.getAnnotationsByType(OnEvent.class)) {
                        Map<String, String> filter = new HashMap<>();
                        if (!on.type().isEmpty()) {
                            filter.put("type", on.type());
                        }
                        if (!on.source().isEmpty()) {
                            filter.put("source", on.source());
                        }
                        if (!on.subject().isEmpty()) {
                            filter.put("subject", on.subject());
                        }
                        filters.add(filter);
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
        Map<String, List<Map<String, String>>> expected = routedFunctions();
        Map<String, List<Map<String, String>>> triggered = new HashMap<>();
        for (JsonNode document : documents(GENERATED.resolve("triggers.yaml"))) {
            Trigger trigger = typed(document, Trigger.class);
            String function = trigger.getMetadata().getLabels().get("bindery.dev/function");
            triggered.computeIfAbsent(function, f -> new ArrayList<>()).add(trigger.getSpec().getFilter()
                    .getAttributes());
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

package dev.bindery.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.bindery.internal.routing.AttributeCondition;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.runtime.internal.RecordedFunction;

/**
 * Knative manifests from the application's functions: the Service (with probes, scale, concurrency and JVM options), a
 * SinkBinding that gives it the Broker as {@code K_SINK}, one Trigger per routed function filter, and — as
 * alternatives to the in-process cron bindings and topic subscriptions — a PingSource per cron binding and a
 * KafkaSource per topic. The Service mounts the Kubernetes Secrets that {@code kubernetes-dir} stores read and, when a {@code kubernetes} store
 * reads Secrets through the API, runs as an account of its own with a Role per store ({@link KnativeSecrets}); it takes
 * the variables of {@code env} stores from Secrets, and carries the security settings ({@link KnativeSecurity}). Plain
 * maps, written as YAML by the build.
 */
public final class KnativeManifests {

    /** What the build reads from {@code bindery.knative.*} (and a few other options). */
    public record Settings(String service, String image, Optional<String> namespace, String broker,
            Optional<String> containerConcurrency, Optional<String> minScale, Optional<String> maxScale,
            Optional<String> target, int retry, String backoffPolicy, String backoffDelay,
            Optional<String> deadLetterSink, String appId, String kafkaBootstrapServers, String jvmOptions) {
    }

    /**
     * The manifests, by file: {@code service.yaml}, {@code triggers.yaml}, {@code sources/sources.yaml}, and
     * {@code service-account.yaml} (empty when no store needs one).
     */
    public record Files(List<Map<String, Object>> service, List<Map<String, Object>> triggers,
            List<Map<String, Object>> sources, List<Map<String, Object>> serviceAccount) {
    }

    private KnativeManifests() {
    }

    /**
     * @param cron the cron expression of a binding, if it is a cron binding
     * @param secrets the Secrets the Service mounts or reads
     */
    public static Files generate(List<RecordedFunction> functions, Settings settings,
            Function<String, Optional<String>> cron, KnativeSecrets secrets) {
        return generate(functions, settings, cron, secrets, KnativeSecurity.OFF);
    }

    /**
     * @param cron the cron expression of a binding, if it is a cron binding
     * @param secrets the Secrets the Service mounts or reads
     * @param security the security settings the Service and the deliveries to it carry
     */
    public static Files generate(List<RecordedFunction> functions, Settings settings,
            Function<String, Optional<String>> cron, KnativeSecrets secrets, KnativeSecurity security) {
        Optional<String> audience = security.audience();
        List<Map<String, Object>> service = List.of(service(settings, secrets, security), sinkBinding(settings));
        List<Map<String, Object>> triggers = new ArrayList<>();
        List<Map<String, Object>> sources = new ArrayList<>();
        List<RecordedFunction> sorted = new ArrayList<>(functions);
        sorted.sort(java.util.Comparator.comparing(RecordedFunction::getName));
        for (RecordedFunction function : sorted) {
            if (function.getTopic() != null) {
                // pub/sub through the Broker: events published by the knative component carry the topic
                triggers.add(trigger(settings, function, "topic", new EventFilter(List.of(AttributeCondition.exact(
                        "topic", function.getTopic()))), "/" + function.getName(), audience));
                sources.add(kafkaSource(settings, function, audience));
                continue;
            }
            if (function.getBinding() != null) {
                cron.apply(function.getBinding()).map(expression -> PingSchedule.of(function.getBinding(), expression))
                        .ifPresent(schedule -> sources.add(pingSource(settings, function, schedule, audience)));
                continue;
            }
            List<EventFilter> filters = function.eventFilters();
            for (int i = 0; i < filters.size(); i++) {
                String suffix = filters.size() == 1 ? null : Integer.toString(i + 1);
                triggers.add(trigger(settings, function, suffix, filters.get(i), null, audience));
            }
        }
        return new Files(service, triggers, sources, secrets.access(settings));
    }

    static Map<String, Object> metadata(Settings settings, String name) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        settings.namespace().ifPresent(namespace -> metadata.put("namespace", namespace));
        metadata.put("labels", Map.of("app.kubernetes.io/part-of", settings.service()));
        return metadata;
    }

    private static Map<String, Object> resource(String apiVersion, String kind, Map<String, Object> metadata,
            Map<String, Object> spec) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", apiVersion);
        resource.put("kind", kind);
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        return resource;
    }

    /** A system property of the options. */
    private static final java.util.regex.Pattern SYSTEM_PROPERTY = java.util.regex.Pattern.compile("-D([^=\\s]+)=");

    /** A property name that ends like a credential's ({@code db.password}, {@code api.token}, {@code stripe.apiKey}). */
    private static final java.util.regex.Pattern CREDENTIAL_NAME = java.util.regex.Pattern.compile(
            "(?i).*(password|passwd|secret|token|credentials?|api-?key|private-?key)");

    /**
     * @return the options, trimmed; refused when one sets a credential-looking system property, whose value the
     *         Service and func.yaml (both committed) would carry — the property is named, never its value
     */
    static String jvmOptions(String options) {
        java.util.regex.Matcher property = SYSTEM_PROPERTY.matcher(options);
        while (property.find()) {
            if (CREDENTIAL_NAME.matcher(property.group(1)).matches()) {
                throw new IllegalArgumentException("bindery.knative.jvm-options sets the system property '"
                        + property.group(1) + "', which looks like a credential: its value would be written into the "
                        + "generated Service and func.yaml. Give it to the application as a Kubernetes Secret "
                        + "(bindery.secrets.*, ${secret:…}) instead");
            }
        }
        return options.trim();
    }

    private static Map<String, Object> service(Settings settings, KnativeSecrets secrets, KnativeSecurity security) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        settings.minScale().ifPresent(value -> annotations.put("autoscaling.knative.dev/min-scale", value));
        settings.maxScale().ifPresent(value -> annotations.put("autoscaling.knative.dev/max-scale", value));
        settings.target().ifPresent(value -> annotations.put("autoscaling.knative.dev/target", value));
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "functions");
        container.put("image", settings.image());
        container.put("ports", List.of(Map.of("name", "http1", "containerPort", 8080)));
        container.put("readinessProbe", Map.of("httpGet", Map.of("path", "/q/health/ready")));
        container.put("livenessProbe", Map.of("httpGet", Map.of("path", "/q/health/live")));
        List<Map<String, Object>> env = new ArrayList<>();
        if (!settings.jvmOptions().isBlank()) {
            env.add(Map.of("name", "JAVA_TOOL_OPTIONS", "value", jvmOptions(settings.jvmOptions())));
        }
        env.addAll(security.env());
        env.addAll(secrets.env(settings));
        if (!env.isEmpty()) {
            container.put("env", env);
        }
        Map<String, Object> podSpec = new LinkedHashMap<>();
        settings.containerConcurrency().ifPresent(value -> podSpec.put("containerConcurrency", Integer.parseInt(
                value)));
        podSpec.put("containers", List.of(container));
        if (!secrets.mounts().isEmpty()) {
            container.put("volumeMounts", secrets.volumeMounts());
            podSpec.put("volumes", secrets.volumes());
        }
        if (secrets.needsServiceAccount()) {
            podSpec.put("serviceAccountName", secrets.serviceAccountName(settings));
        }
        Map<String, Object> templateMetadata = new LinkedHashMap<>();
        if (!annotations.isEmpty()) {
            templateMetadata.put("annotations", annotations);
        }
        Map<String, Object> template = new LinkedHashMap<>();
        if (!templateMetadata.isEmpty()) {
            template.put("metadata", templateMetadata);
        }
        template.put("spec", podSpec);
        return resource("serving.knative.dev/v1", "Service", metadata(settings, settings.service()), Map.of(
                "template", template));
    }

    /** Gives the Service {@code K_SINK}: the Broker, where the knative pub/sub component publishes. */
    private static Map<String, Object> sinkBinding(Settings settings) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("subject", Map.of("apiVersion", "serving.knative.dev/v1", "kind", "Service", "name", settings
                .service()));
        spec.put("sink", Map.of("ref", Map.of("apiVersion", "eventing.knative.dev/v1", "kind", "Broker", "name",
                settings.broker())));
        Map<String, Object> metadata = metadata(settings, settings.service() + "-broker");
        // lets func users apply it alone: func deploys the Service (see FuncYaml)
        metadata.put("labels", Map.of("app.kubernetes.io/part-of", settings.service(), "app.kubernetes.io/component",
                "sink-binding"));
        return resource("sources.knative.dev/v1", "SinkBinding", metadata, spec);
    }

    /** @param audience the audience of the OIDC token Eventing sends with each delivery, if the Service wants one */
    private static Map<String, Object> subscriber(Settings settings, String uri, Optional<String> audience) {
        Map<String, Object> subscriber = new LinkedHashMap<>();
        subscriber.put("ref", Map.of("apiVersion", "serving.knative.dev/v1", "kind", "Service", "name", settings
                .service()));
        if (uri != null) {
            subscriber.put("uri", uri);
        }
        audience.ifPresent(value -> subscriber.put("audience", value));
        return subscriber;
    }

    private static Map<String, Object> trigger(Settings settings, RecordedFunction function, String suffix,
            EventFilter filter, String uri, Optional<String> audience) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("broker", settings.broker());
        spec.putAll(KnativeFilters.of(filter));
        spec.put("subscriber", subscriber(settings, uri, audience));
        spec.put("delivery", delivery(settings, function));
        String name = settings.service() + "-" + kebab(function.getName()) + (suffix == null ? "" : "-" + suffix);
        Map<String, Object> metadata = metadata(settings, name);
        metadata.put("labels", Map.of("app.kubernetes.io/part-of", settings.service(), "bindery.dev/function",
                function.getName()));
        return resource("eventing.knative.dev/v1", "Trigger", metadata, spec);
    }

    /**
     * The function's own attempts, first delay and dead-letter sink ({@code @Delivery}, overridden by
     * {@code bindery.functions.<name>.*}), else {@code bindery.knative.delivery.*}. Knative's {@code retry} counts the
     * retries after the first delivery, Bindery's attempts count them all.
     */
    static Map<String, Object> delivery(Settings settings, RecordedFunction function) {
        Map<String, Object> delivery = new LinkedHashMap<>();
        delivery.put("retry", function.getRetryAttempts() > 0 ? function.getRetryAttempts() - 1 : settings.retry());
        delivery.put("backoffPolicy", settings.backoffPolicy());
        delivery.put("backoffDelay", Optional.ofNullable(function.getRetryInitialDelay()).orElse(settings
                .backoffDelay()));
        Optional.ofNullable(function.getDeadLetterSink()).or(settings::deadLetterSink).ifPresent(sink -> delivery.put(
                "deadLetterSink", Map.of("uri", sink)));
        return delivery;
    }

    private static Map<String, Object> pingSource(Settings settings, RecordedFunction function, String schedule,
            Optional<String> audience) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("schedule", schedule);
        spec.put("contentType", "application/json");
        spec.put("data", "{\"binding\":\"" + function.getBinding() + "\"}");
        spec.put("sink", subscriber(settings, "/" + function.getName(), audience));
        return resource("sources.knative.dev/v1", "PingSource", metadata(settings, settings.service() + "-"
                + kebab(function.getBinding())), spec);
    }

    private static Map<String, Object> kafkaSource(Settings settings, RecordedFunction function,
            Optional<String> audience) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("consumerGroup", settings.appId());
        spec.put("bootstrapServers", List.of(settings.kafkaBootstrapServers().split(",")));
        spec.put("topics", List.of(function.getTopic()));
        spec.put("sink", subscriber(settings, "/" + function.getName(), audience));
        return resource("sources.knative.dev/v1beta1", "KafkaSource", metadata(settings, settings.service() + "-"
                + kebab(function.getTopic()) + "-" + kebab(function.getName())), spec);
    }

    /** Kubernetes names: lower case, digits and dashes. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }
}

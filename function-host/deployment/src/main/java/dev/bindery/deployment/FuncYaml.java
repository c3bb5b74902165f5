package dev.bindery.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code func.yaml} of Knative Functions ({@code func deploy --build=false --push=false}), read off the generated
 * Service so that both deploy the same container: image, namespace, probes, scale and concurrency, environment (a
 * variable taken from a Secret as func's {@code {{ secret:<name>:<key> }}}), Secret volumes and service account. It
 * holds no {@code subscriptions}: func's Triggers carry exact attribute filters to the Service's root and no delivery
 * settings, so the generated Triggers (filters, per-function paths, retries and dead-letter sinks) are applied from
 * {@code triggers.yaml} instead (see knative/README.md).
 */
final class FuncYaml {

    /** The last func.yaml migration the file is written for (func {@code knative-v1.23.0}). */
    static final String SPEC_VERSION = "0.36.0";
    /**
     * func marks an initialised function by its {@code created} time; a fixed one keeps the generated file the same from
     * build to build (the committed copy is drift-checked).
     */
    static final String CREATED = "2026-01-01T00:00:00Z";

    private FuncYaml() {
    }

    /** func.yaml from the Knative Service resource that {@link KnativeManifests} generated. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> of(Map<String, Object> service, KnativeManifests.Settings settings) {
        Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) service.get("spec")).get(
                "template");
        Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);

        Map<String, Object> func = new LinkedHashMap<>();
        func.put("specVersion", SPEC_VERSION);
        func.put("name", settings.service());
        func.put("runtime", "quarkus");
        func.put("image", settings.image());
        settings.namespace().ifPresent(namespace -> func.put("namespace", namespace));
        func.put("created", CREATED);
        func.put("invoke", "cloudevent");
        Map<String, Object> run = new LinkedHashMap<>();
        List<Map<String, Object>> envs = envs((List<Map<String, Object>>) container.get("env"));
        if (!envs.isEmpty()) {
            run.put("envs", envs);
        }
        List<Map<String, Object>> volumes = volumes((List<Map<String, Object>>) podSpec.get("volumes"),
                (List<Map<String, Object>>) container.get("volumeMounts"));
        if (!volumes.isEmpty()) {
            run.put("volumes", volumes);
        }
        if (!run.isEmpty()) {
            func.put("run", run);
        }
        func.put("deploy", deploy(settings, container, podSpec));
        return func;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deploy(KnativeManifests.Settings settings, Map<String, Object> container,
            Map<String, Object> podSpec) {
        Map<String, Object> deploy = new LinkedHashMap<>();
        settings.namespace().ifPresent(namespace -> deploy.put("namespace", namespace));
        deploy.put("healthEndpoints", Map.of(
                "liveness", path((Map<String, Object>) container.get("livenessProbe")),
                "readiness", path((Map<String, Object>) container.get("readinessProbe"))));
        Map<String, Object> scale = new LinkedHashMap<>();
        settings.minScale().ifPresent(value -> scale.put("min", Integer.parseInt(value)));
        settings.maxScale().ifPresent(value -> scale.put("max", Integer.parseInt(value)));
        settings.target().ifPresent(value -> scale.put("target", Integer.parseInt(value)));
        Map<String, Object> options = new LinkedHashMap<>();
        if (!scale.isEmpty()) {
            options.put("scale", scale);
        }
        Map<String, Object> resources = (Map<String, Object>) container.get("resources");
        Map<String, Object> funcResources = new LinkedHashMap<>();
        if (resources != null) {
            funcResources.putAll(resources);
        }
        Object concurrency = podSpec.get("containerConcurrency");
        if (concurrency != null) {
            Map<String, Object> limits = new LinkedHashMap<>((Map<String, Object>) funcResources.getOrDefault(
                    "limits", Map.of()));
            limits.put("concurrency", concurrency);
            funcResources.put("limits", limits);
        }
        if (!funcResources.isEmpty()) {
            options.put("resources", funcResources);
        }
        if (!options.isEmpty()) {
            deploy.put("options", options);
        }
        Object serviceAccount = podSpec.get("serviceAccountName");
        if (serviceAccount != null) {
            deploy.put("serviceAccountName", serviceAccount);
        }
        return deploy;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> probe) {
        return ((Map<String, Object>) probe.get("httpGet")).get("path");
    }

    /** func's env entries: a value, or a key of a Secret as {@code {{ secret:<name>:<key> }}}. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> envs(List<Map<String, Object>> env) {
        List<Map<String, Object>> envs = new ArrayList<>();
        for (Map<String, Object> variable : env == null ? List.<Map<String, Object>>of() : env) {
            Object value = variable.get("value");
            if (value == null) {
                Map<String, Object> ref = (Map<String, Object>) ((Map<String, Object>) variable.get("valueFrom")).get(
                        "secretKeyRef");
                value = "{{ secret:" + ref.get("name") + ":" + ref.get("key") + " }}";
            }
            envs.add(Map.of("name", variable.get("name"), "value", value));
        }
        return envs;
    }

    /** func's volumes: each mounted Secret and the path it is mounted at. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> volumes(List<Map<String, Object>> volumes,
            List<Map<String, Object>> mounts) {
        List<Map<String, Object>> funcVolumes = new ArrayList<>();
        if (volumes == null) {
            return funcVolumes;
        }
        Map<Object, Object> secretByVolume = new LinkedHashMap<>();
        for (Map<String, Object> volume : volumes) {
            secretByVolume.put(volume.get("name"), ((Map<String, Object>) volume.get("secret")).get("secretName"));
        }
        for (Map<String, Object> mount : mounts) {
            funcVolumes.add(Map.of("secret", secretByVolume.get(mount.get("name")), "path", mount.get("mountPath")));
        }
        return funcVolumes;
    }
}

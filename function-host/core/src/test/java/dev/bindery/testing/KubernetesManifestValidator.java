package dev.bindery.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Checks Kubernetes manifests as the API server would before it stores them: each document against the
 * {@code openAPIV3Schema} of its kind's CustomResourceDefinition (the Knative CRDs under {@code /knative-crds/}, see
 * the README there), with unknown fields refused wherever the schema lists properties and does not preserve unknown
 * fields (what {@code kubectl apply}'s strict field validation does), plus the ObjectMeta rules a CRD schema does not
 * carry: the name a DNS-1123 subdomain (a DNS-1035 label for a Knative Service, whose name becomes a Kubernetes
 * Service's), the namespace a DNS-1123 label, labels and annotations maps of string to string with qualified-name keys
 * and label values of label-value syntax, and no field ObjectMeta does not have. The YAML is read as YAML, not through a
 * typed model, so a number where a string belongs is reported, not coerced.
 */
public final class KubernetesManifestValidator {

    /** The CRDs, by file under {@code /knative-crds/}. */
    static final List<String> CRDS = List.of("serving-service.yaml", "eventing-trigger.yaml", "eventing-broker.yaml",
            "eventing-pingsource.yaml", "eventing-sinkbindings.yaml", "kafka-source.yaml");

    static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*");
    static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    /** The fields of ObjectMeta a client may set. */
    static final Set<String> OBJECT_META_FIELDS = Set.of("name", "generateName", "namespace", "labels", "annotations",
            "ownerReferences", "finalizers", "uid", "resourceVersion", "generation", "creationTimestamp",
            "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "selfLink");
    static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Map<String, Schema> schemas;

    private KubernetesManifestValidator(Map<String, Schema> schemas) {
        this.schemas = schemas;
    }

    /** A validator for the kinds of the Knative CRDs under {@code /knative-crds/}. */
    public static KubernetesManifestValidator knative() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
        Map<String, Schema> schemas = new HashMap<>();
        for (String file : CRDS) {
            JsonNode crd = read("/knative-crds/" + file).get(0);
            JsonNode spec = crd.path("spec");
            String group = spec.path("group").asString();
            String kind = spec.path("names").path("kind").asString();
            for (JsonNode version : spec.path("versions")) {
                if (!version.path("served").asBoolean()) {
                    continue;
                }
                ObjectNode schema = (ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy();
                // every object has these; a CRD's schema need not list them
                ObjectNode properties = schema.withObjectProperty("properties");
                properties.putObject("apiVersion").put("type", "string");
                properties.putObject("kind").put("type", "string");
                properties.putObject("metadata").put("type", "object");
                close(schema);
                schemas.put(group + "/" + version.path("name").asString() + " " + kind, registry.getSchema(schema));
            }
        }
        return new KubernetesManifestValidator(schemas);
    }

    /** What is wrong with the documents of a YAML file, one line per violation naming the document and the field. */
    public List<String> violations(Path file) {
        try {
            return violations(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with the documents of a YAML text, one line per violation naming the document and the field. */
    public List<String> violations(String yaml) {
        List<String> violations = new ArrayList<>();
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            documents = iterator.readAll();
        }
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            if (document == null || document.isNull() || document.isMissingNode()) {
                continue;
            }
            String kind = document.path("apiVersion").asString("") + " " + document.path("kind").asString("");
            String where = "document " + (i + 1) + " (" + kind + " " + document.path("metadata").path("name")
                    .asString("") + ")";
            Schema schema = schemas.get(kind);
            if (schema == null) {
                violations.add(where + ": no schema for " + kind + " (the CRDs known: " + schemas.keySet() + ")");
                continue;
            }
            for (Error error : schema.validate(document)) {
                violations.add(where + ": " + error.getInstanceLocation() + " " + error.getMessage());
            }
            objectMeta(document.path("metadata"), "/metadata", kind.endsWith(" Service") && kind.startsWith(
                    "serving.knative.dev/") ? DNS1035_LABEL : DNS1123_SUBDOMAIN, where, violations);
            JsonNode template = document.path("spec").path("template").path("metadata");
            if (template.isObject()) {
                labelsAndAnnotations(template, "/spec/template/metadata", where, violations);
            }
        }
        return violations;
    }

    private static void objectMeta(JsonNode metadata, String path, Pattern namePattern, String where,
            List<String> violations) {
        if (!metadata.isObject()) {
            violations.add(where + ": " + path + " must be an object");
            return;
        }
        for (String field : metadata.propertyNames()) {
            if (!OBJECT_META_FIELDS.contains(field)) {
                violations.add(where + ": " + path + "/" + field + " is not a field of ObjectMeta");
            }
        }
        JsonNode name = metadata.path("name");
        int maxName = namePattern == DNS1123_SUBDOMAIN ? 253 : 63;
        if (!name.isString() || !namePattern.matcher(name.asString()).matches() || name.asString().length() > maxName) {
            violations.add(where + ": " + path + "/name " + name + " is not a " + (namePattern == DNS1035_LABEL
                    ? "DNS-1035 label"
                    : "DNS-1123 subdomain") + " of at most " + maxName + " characters");
        }
        JsonNode namespace = metadata.path("namespace");
        if (!namespace.isMissingNode() && (!namespace.isString() || !dns1123Label(namespace.asString()))) {
            violations.add(where + ": " + path + "/namespace " + namespace + " is not a DNS-1123 label");
        }
        labelsAndAnnotations(metadata, path, where, violations);
    }

    private static void labelsAndAnnotations(JsonNode metadata, String path, String where, List<String> violations) {
        JsonNode labels = metadata.path("labels");
        if (!labels.isMissingNode()) {
            stringMap(labels, path + "/labels", where, violations, (key, value) -> {
                if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                    violations.add(where + ": " + path + "/labels/" + key + " value '" + value
                            + "' is not a label value (at most 63 characters: alphanumerics, '-', '_', '.', "
                            + "starting and ending with an alphanumeric)");
                }
            });
        }
        JsonNode annotations = metadata.path("annotations");
        if (!annotations.isMissingNode()) {
            int[] size = {0};
            stringMap(annotations, path + "/annotations", where, violations, (key, value) -> size[0] += key.getBytes(
                    StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length);
            if (size[0] > ANNOTATIONS_MAX_BYTES) {
                violations.add(where + ": " + path + "/annotations exceed 256 KiB");
            }
        }
    }

    private static void stringMap(JsonNode map, String path, String where, List<String> violations,
            java.util.function.BiConsumer<String, String> eachValue) {
        if (!map.isObject()) {
            violations.add(where + ": " + path + " must be a map of string to string");
            return;
        }
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            if (!qualifiedName(entry.getKey())) {
                violations.add(where + ": " + path + " key '" + entry.getKey() + "' is not a qualified name "
                        + "([prefix/]name: a DNS-1123 subdomain prefix, a name of at most 63 characters)");
            }
            if (!entry.getValue().isString()) {
                violations.add(where + ": " + path + "/" + entry.getKey() + " must be a string, not "
                        + entry.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + entry.getValue() + " (quote it)");
                continue;
            }
            eachValue.accept(entry.getKey(), entry.getValue().asString());
        }
    }

    static boolean dns1123Label(String value) {
        return value.length() <= 63 && DNS1123_LABEL.matcher(value).matches();
    }

    static boolean qualifiedName(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
                return false;
            }
        }
        return !name.isEmpty() && name.length() <= 63 && QUALIFIED_NAME_PART.matcher(name).matches();
    }

    /**
     * Refuses unknown fields where the schema is closed: an object schema with properties and neither
     * {@code additionalProperties} nor {@code x-kubernetes-preserve-unknown-fields} (a structural schema declares its
     * properties there, never inside {@code allOf}/{@code anyOf}/{@code oneOf}).
     */
    static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        JsonNode properties = object.path("properties");
        if (properties.isObject() && !object.has("additionalProperties") && !object.path(
                "x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        if (properties.isObject()) {
            properties.forEach(KubernetesManifestValidator::close);
        }
        close(object.path("items"));
        close(object.path("additionalProperties"));
    }

    private static List<JsonNode> read(String resource) {
        try (InputStream in = KubernetesManifestValidator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("No " + resource + " on the test class path");
            }
            try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(in)) {
                return documents.readAll();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

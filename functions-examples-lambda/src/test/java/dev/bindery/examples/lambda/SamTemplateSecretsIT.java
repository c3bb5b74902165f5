package dev.bindery.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.internal.secrets.SecretReference;
import dev.bindery.secrets.Secret;

/**
 * Keeps the secrets of {@code sam/template.yaml} in step with the Lambda package: every secret the package reads from an
 * {@code aws-secrets-manager} or {@code aws-ssm} store (named by a {@code ${secret:…}} reference, an {@code allowed}
 * list or an {@code @Secret} injection point) is granted to the function on that secret or parameter alone, nothing
 * else is granted, and the template creates secrets without ever holding a value.
 */
class SamTemplateSecretsIT {

    /** CloudFormation's properties of AWS::SecretsManager::Secret and of its GenerateSecretString, with their types. */
    static final Set<String> SECRET_PROPERTIES = Set.of("Description", "GenerateSecretString", "KmsKeyId", "Name",
            "ReplicaRegions", "SecretString", "Tags");
    static final Map<String, String> GENERATE_SECRET_STRING = Map.of("ExcludeCharacters", "string",
            "ExcludeLowercase", "boolean", "ExcludeNumbers", "boolean", "ExcludePunctuation", "boolean",
            "ExcludeUppercase", "boolean", "GenerateStringKey", "string", "IncludeSpace", "boolean", "PasswordLength",
            "integer", "RequireEachIncludedType", "boolean", "SecretStringTemplate", "string");

    /**
     * The profiles the template may run the package in: {@code QUARKUS_PROFILE}, a value or a {@code Ref} to the
     * parameter whose allowed values it takes.
     */
    static Set<String> profiles() throws Exception {
        Set<String> profiles = new TreeSet<>();
        JsonNode variable = SamTemplateIT.function().path("Properties").path("Environment").path("Variables").path(
                "QUARKUS_PROFILE");
        List<JsonNode> values = new ArrayList<>();
        if (variable.isTextual()) {
            values.add(variable);
        } else if (variable.has("Ref")) {
            SamTemplateIT.template().path("Parameters").path(variable.path("Ref").asText()).path("AllowedValues")
                    .forEach(values::add);
        }
        for (JsonNode value : values) {
            Arrays.stream(value.asText().split(",")).map(String::trim).filter(p -> !p.isEmpty()).forEach(
                    profiles::add);
        }
        return profiles;
    }

    /**
     * The package's configuration in any profile the template may run it in: a property of such a profile
     * ({@code %secure.x}) counts as {@code x}; other profiles' properties are left out.
     */
    static Properties configuration() throws Exception {
        Properties written = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            written.load(in);
        }
        Set<String> profiles = profiles();
        Properties config = new Properties();
        for (String property : written.stringPropertyNames()) {
            if (!property.startsWith("%")) {
                config.putIfAbsent(property, written.getProperty(property));
                continue;
            }
            int dot = property.indexOf('.');
            boolean active = Arrays.stream(property.substring(1, dot).split(",")).anyMatch(profiles::contains);
            if (active) {
                // a profile's value wins, and both may be read: keep the other under its own name
                String name = property.substring(dot + 1);
                if (config.containsKey(name)) {
                    config.put(property, written.getProperty(property));
                } else {
                    config.put(name, written.getProperty(property));
                }
            }
        }
        return config;
    }

    /** The secrets the package reads, by store type then name: {@code aws-secrets-manager → {report-signing}}. */
    static Map<String, Set<String>> secretsRead() throws Exception {
        Properties config = configuration();
        Map<String, Set<String>> byStore = new TreeMap<>();
        for (String property : config.stringPropertyNames()) {
            String value = config.getProperty(property);
            if (property.matches("(%[^.]+\\.)?bindery\\.secrets\\.[^.]+\\.allowed")) {
                String store = property.replaceFirst("^%[^.]+\\.", "").split("\\.")[2];
                Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(name -> byStore
                        .computeIfAbsent(store, s -> new TreeSet<>()).add(name));
            }
            if (SecretReference.mentions(value)) {
                SecretReference.parse(value).forEach(reference -> byStore.computeIfAbsent(reference.store(),
                        s -> new TreeSet<>()).add(reference.name()));
            }
        }
        for (Secret secret : injectionPoints()) {
            byStore.computeIfAbsent(secret.store(), s -> new TreeSet<>()).add(secret.name());
        }
        Map<String, Set<String>> byType = new TreeMap<>();
        byStore.forEach((store, names) -> {
            String type = config.getProperty("bindery.secrets." + store + ".type", "");
            byType.computeIfAbsent(type, t -> new TreeSet<>()).addAll(names);
        });
        return byType;
    }

    /** The {@code @Secret} injection points of the package's classes. */
    static List<Secret> injectionPoints() throws Exception {
        List<Secret> secrets = new ArrayList<>();
        try (Stream<Path> classes = Files.walk(Path.of("target/classes"))) {
            for (Path file : classes.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString()
                    .contains("-info")).toList()) {
                String name = Path.of("target/classes").relativize(file).toString().replace('/', '.').replace(
                        ".class", "");
                Class<?> type = Class.forName(name, false, SamTemplateSecretsIT.class.getClassLoader());
                List<AnnotatedElement> elements = new ArrayList<>(List.of(type.getDeclaredFields()));
                List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredMethods()));
                executables.addAll(List.of(type.getDeclaredConstructors()));
                for (Executable executable : executables) {
                    elements.add(executable);
                    for (Parameter parameter : executable.getParameters()) {
                        elements.add(parameter);
                    }
                }
                elements.stream().map(e -> e.getAnnotation(Secret.class)).filter(s -> s != null).forEach(
                        secrets::add);
            }
        }
        return secrets;
    }

    static Map<String, JsonNode> resources(String type) throws Exception {
        Map<String, JsonNode> resources = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> all = SamTemplateIT.template().path("Resources").fields(); all
                .hasNext();) {
            Map.Entry<String, JsonNode> resource = all.next();
            if (resource.getValue().path("Type").asText().equals(type)) {
                resources.put(resource.getKey(), resource.getValue());
            }
        }
        return resources;
    }

    /**
     * What the function's policies grant: the parameter of a SAM policy template, and the resources of inline
     * statements whose actions start with {@code actions}.
     *
     * @param name the name the test compares, from a statement's resource
     */
    static Set<String> grants(String policyTemplate, String parameter, String actions,
            Function<String, String> name) throws Exception {
        Set<String> granted = new TreeSet<>();
        for (JsonNode policy : SamTemplateIT.function().path("Properties").path("Policies")) {
            if (policy.has(policyTemplate)) {
                JsonNode value = policy.path(policyTemplate).path(parameter);
                // a Ref names a resource of the template by its logical id
                granted.add(value.has("Ref") ? value.path("Ref").asText() : value.asText());
            }
            for (JsonNode statement : policy.path("Statement")) {
                String action = statement.path("Action").toString();
                if (!action.contains(actions)) {
                    continue;
                }
                assertThat(action).as("a statement grants named reads only").doesNotContain("*");
                JsonNode resource = statement.path("Resource");
                for (JsonNode one : resource.isArray() ? resource : List.of(resource)) {
                    granted.add(name.apply(one.asText()));
                }
            }
        }
        return granted;
    }

    @Test
    void everySecretThePackageReadsIsGrantedOnThatSecretAloneAndNothingElseIs() throws Exception {
        Set<String> read = secretsRead().getOrDefault("aws-secrets-manager", Set.of());
        assertThat(read).as("the Lambda package reads report-signing from Secrets Manager").contains(
                "report-signing");
        Map<String, String> logicalIdByName = new TreeMap<>();
        resources("AWS::SecretsManager::Secret").forEach((id, secret) -> logicalIdByName.put(secret.path("Properties")
                .path("Name").asText(), id));
        // the !Ref of a secret is its ARN: grants name the secret's logical id
        Set<String> granted = grants("AWSSecretsManagerGetSecretValuePolicy", "SecretArn", "secretsmanager:",
                arn -> arn);
        for (String name : read) {
            assertThat(logicalIdByName).as("an AWS::SecretsManager::Secret named " + name).containsKey(name);
            String id = logicalIdByName.get(name);
            // the Ref of a secret is its ARN
            assertThat(granted).as("secretsmanager:GetSecretValue on " + id).contains(id);
        }
        Set<String> grantedNames = new TreeSet<>();
        logicalIdByName.forEach((name, id) -> {
            if (granted.contains(id)) {
                grantedNames.add(name);
            }
        });
        assertThat(granted).as("every grant is on a secret of the template").isSubsetOf(logicalIdByName.values());
        assertThat(grantedNames).as("no grant on a secret the package does not read").isSubsetOf(read);

        // SSM parameters: granted by name (SSMParameterReadPolicy, or a statement on the parameter's ARN)
        Set<String> parameters = new TreeSet<>();
        secretsRead().getOrDefault("aws-ssm", Set.of()).forEach(name -> parameters.add(name.replaceFirst("^/", "")));
        assertThat(grants("SSMParameterReadPolicy", "ParameterName", "ssm:Get", arn -> arn.replaceFirst(
                ".*:parameter/", ""))).as("ssm:GetParameter* exactly on the parameters the package reads").isEqualTo(
                        parameters);
    }

    @Test
    void theTemplateCreatesSecretsWithGeneratedValuesAndHoldsNone() throws Exception {
        Map<String, JsonNode> secrets = resources("AWS::SecretsManager::Secret");
        assertThat(secrets).isNotEmpty();
        secrets.forEach((id, secret) -> {
            JsonNode properties = secret.path("Properties");
            properties.fieldNames().forEachRemaining(property -> assertThat(SECRET_PROPERTIES).as(id + "."
                    + property).contains(property));
            assertThat(properties.has("SecretString")).as(id + " holds no literal value").isFalse();
            JsonNode generate = properties.path("GenerateSecretString");
            assertThat(generate.isObject()).as(id + " has its value generated").isTrue();
            generate.fields().forEachRemaining(field -> {
                assertThat(GENERATE_SECRET_STRING).as(id + ".GenerateSecretString." + field.getKey()).containsKey(
                        field.getKey());
                assertThat(kind(field.getValue())).as(field.getKey()).isEqualTo(GENERATE_SECRET_STRING.get(field
                        .getKey()));
            });
            assertThat(generate.has("SecretStringTemplate")).isEqualTo(generate.has("GenerateStringKey"));
            assertThat(generate.path("SecretStringTemplate").asText()).isEqualTo("{}");
        });
        String text = Files.readString(SamTemplateIT.TEMPLATE);
        assertThat(text).as("a secret's value resolved into the template or the function's environment")
                .doesNotContainPattern("(?m)^\\s*SecretString\\s*:").doesNotContain("{{resolve:secretsmanager")
                .doesNotContain("{{resolve:ssm-secure");
    }

    @Test
    void withTheSecureProfileTheTokensAreReadFromSecretsManagerAndTheTemplateHoldsNone() throws Exception {
        JsonNode template = SamTemplateIT.template();
        assertThat(template.path("Parameters").path("Profile").path("AllowedValues").toString()).contains(
                "\"prod\"", "\"prod,secure\"");
        assertThat(template.path("Parameters").path("Profile").path("Default").asText()).isEqualTo("prod");
        assertThat(profiles()).as("Profile=prod,secure runs the secure profile").contains("secure");
        Properties config = configuration();
        assertThat(config.getProperty("bindery.security.enabled")).isEqualTo("true");
        Map<String, String> tokens = new TreeMap<>();
        config.stringPropertyNames().stream().filter(p -> p.matches("bindery\\.security\\.tokens\\.[^.]+\\.value"))
                .forEach(p -> tokens.put(p, config.getProperty(p)));
        assertThat(tokens).as("the secure profile's API tokens").isNotEmpty();
        Set<String> managed = secretsRead().getOrDefault("aws-secrets-manager", Set.of());
        tokens.forEach((property, value) -> {
            assertThat(SecretReference.mentions(value)).as(property + " references a secret").isTrue();
            SecretReference.parse(value).forEach(reference -> {
                assertThat(config.getProperty("bindery.secrets." + reference.store() + ".type")).as(property)
                        .isEqualTo("aws-secrets-manager");
                // created and granted by name: everySecretThePackageReadsIsGrantedOnThatSecretAloneAndNothingElseIs
                assertThat(managed).contains(reference.name());
            });
        });
        JsonNode variables = SamTemplateIT.function().path("Properties").path("Environment").path("Variables");
        variables.fieldNames().forEachRemaining(name -> assertThat(name).as("a token in the environment")
                .doesNotStartWith("BINDERY_SECURITY_TOKENS").doesNotContain("API_TOKEN").doesNotContain("PRIVATE_KEY"));
    }

    /** A YAML scalar's type as CloudFormation's specification names it. */
    static String kind(JsonNode value) {
        if (value.isIntegralNumber()) {
            return "integer";
        }
        return value.isBoolean() ? "boolean" : value.isTextual() ? "string" : value.getNodeType().name();
    }
}

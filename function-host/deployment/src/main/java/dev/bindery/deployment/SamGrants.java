package dev.bindery.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bindery.internal.secrets.SecretReference;

/**
 * The IAM policies of a SAM template: the buckets and queues the output bindings write to ({@code S3CrudPolicy},
 * {@code SQSSendMessagePolicy}), created by the template when the binding takes its name from a variable, and read
 * access to each secret the application reads from AWS ({@code AWSSecretsManagerGetSecretValuePolicy},
 * {@code SSMParameterReadPolicy}), that secret alone. Secrets Manager secrets are created with a generated value, so
 * no value is ever in the template; the build never resolves a secret.
 */
final class SamGrants {

    private static final Pattern BINDING = Pattern.compile("bindery\\.bindings\\.([^.]+)\\.(s3|sqs)");
    private static final Pattern ALLOWED = Pattern.compile("(%[^.]+\\.)?bindery\\.secrets\\.([^.]+)\\.allowed");
    private static final Set<String> OTHER_PROFILES = Set.of("dev", "test");

    private final SamTemplate template;
    private final Map<String, String> properties;
    private final List<String> injectedSecrets;
    private final Map<String, String> secretKeys;

    /** @param secretKeys the key of each secret's generated value, for secrets no reference names a key of */
    SamGrants(SamTemplate template, Map<String, String> properties, List<String> injectedSecrets,
            Map<String, String> secretKeys) {
        this.template = template;
        this.properties = properties;
        this.injectedSecrets = injectedSecrets;
        this.secretKeys = secretKeys;
    }

    void grant() {
        outputs();
        secrets();
    }

    /** {@code bindery.bindings.<b>.s3} and {@code .sqs}: what the function writes to. */
    private void outputs() {
        for (Map.Entry<String, String> property : new TreeMap<>(properties).entrySet()) {
            Matcher matcher = BINDING.matcher(property.getKey());
            if (!matcher.matches()) {
                continue;
            }
            String binding = matcher.group(1);
            String kind = matcher.group(2);
            Object name = target(binding, kind, property.getValue());
            if (kind.equals("s3")) {
                template.policy("S3CrudPolicy", SamTemplate.map("BucketName", name));
            } else {
                template.policy("SQSSendMessagePolicy", SamTemplate.map("QueueName", name));
            }
        }
    }

    /**
     * The bucket or queue a binding names: as written, or — when it comes from a variable — one the template creates
     * and passes in that variable (and the binding's kind, when that is a variable too).
     */
    private Object target(String binding, String kind, String value) {
        Optional<String> variable = SamTemplate.variable(value);
        if (variable.isEmpty()) {
            if (value.contains("${")) {
                throw new IllegalArgumentException("bindery.bindings." + binding + "." + kind + "=" + value
                        + ": the SAM template can grant a name or one variable (${NAME:default}), not an expression");
            }
            return value;
        }
        String id = SamTemplate.logicalId(binding) + (kind.equals("s3") ? "Bucket" : "Queue");
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("Type", kind.equals("s3") ? "AWS::S3::Bucket" : "AWS::SQS::Queue");
        if (kind.equals("sqs")) {
            resource.put("Properties", SamTemplate.map("QueueName", SamTemplate.name(binding, "")));
        }
        template.resource(id, resource, "Where the output binding " + binding + " writes");
        Object name = kind.equals("s3") ? SamTemplate.ref(id) : SamTemplate.getAtt(id, "QueueName");
        template.environment(variable.get(), name);
        Optional.ofNullable(properties.get("bindery.bindings." + binding + ".kind")).flatMap(SamTemplate::variable)
                .ifPresent(kindVariable -> template.environment(kindVariable, kind));
        return name;
    }

    /** The secrets read from AWS stores, by store type and name, with the keys read of each. */
    private void secrets() {
        Map<String, Map<String, Set<String>>> byStore = new TreeMap<>();
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (otherProfile(property.getKey())) {
                continue;
            }
            Matcher allowed = ALLOWED.matcher(property.getKey());
            if (allowed.matches()) {
                for (String name : property.getValue().split(",")) {
                    if (!name.isBlank()) {
                        keys(byStore, allowed.group(2), name.trim());
                    }
                }
            }
            if (SecretReference.mentions(property.getValue())) {
                for (SecretReference reference : SecretReference.parse(property.getValue())) {
                    Set<String> keys = keys(byStore, reference.store(), reference.name());
                    if (reference.key() != null) {
                        keys.add(reference.key());
                    }
                }
            }
        }
        for (String injected : injectedSecrets) {
            int slash = injected.indexOf('/');
            keys(byStore, injected.substring(0, slash), injected.substring(slash + 1));
        }
        byStore.forEach((store, secrets) -> {
            String type = Optional.ofNullable(properties.get("bindery.secrets." + store + ".type")).orElse("");
            if (type.equals("aws-secrets-manager")) {
                secrets.forEach(this::secretsManager);
            } else if (type.equals("aws-ssm")) {
                secrets.keySet().forEach(name -> template.policy("SSMParameterReadPolicy", SamTemplate.map("ParameterName",
                        name.startsWith("/") ? name.substring(1) : name)));
            }
        });
    }

    private static Set<String> keys(Map<String, Map<String, Set<String>>> byStore, String store, String name) {
        return byStore.computeIfAbsent(store, s -> new TreeMap<>()).computeIfAbsent(name, n -> new TreeSet<>());
    }

    /** Properties of the development and test profiles name secrets the deployed function never reads. */
    private static boolean otherProfile(String property) {
        if (!property.startsWith("%")) {
            return false;
        }
        for (String profile : property.substring(1, property.indexOf('.')).split(",")) {
            if (!OTHER_PROFILES.contains(profile)) {
                return false;
            }
        }
        return true;
    }

    /** A secret the template creates with a generated value (its first key's), and read access to it alone. */
    private void secretsManager(String name, Set<String> keys) {
        String id = SamTemplate.logicalId(name) + "Secret";
        Map<String, Object> generate = new LinkedHashMap<>();
        generate.put("SecretStringTemplate", "{}");
        generate.put("GenerateStringKey", keys.isEmpty()
                ? secretKeys.getOrDefault(name, "value")
                : keys.iterator()
                        .next());
        generate.put("PasswordLength", 48);
        generate.put("ExcludePunctuation", true);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Name", name);
        properties.put("Description", "Read by the functions as a Bindery secret; its value is generated (set "
                + "your own with aws secretsmanager put-secret-value)");
        properties.put("GenerateSecretString", generate);
        template.resource(id, SamTemplate.map("Type", "AWS::SecretsManager::Secret", "Properties", properties),
                "The secret " + name);
        template.policy("AWSSecretsManagerGetSecretValuePolicy", SamTemplate.map("SecretArn", SamTemplate.ref(id)));
    }
}

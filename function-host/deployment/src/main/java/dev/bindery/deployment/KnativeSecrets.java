package dev.bindery.deployment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bindery.internal.secrets.KubernetesDirSecretStoreProvider;
import dev.bindery.internal.secrets.SecretReference;

/**
 * What the Knative manifests need of the application's secret stores, read from the raw configuration (never resolving
 * a secret): the Kubernetes Secrets each {@code kubernetes-dir} store reads, to mount as volumes, the Secrets each
 * {@code kubernetes} store reads through the API, to grant to the Service's account, and the variables each {@code env}
 * store is asked for, which the container takes from a Secret ({@code valueFrom.secretKeyRef}). The manifests name
 * Secrets; they never hold a value.
 *
 * @param mounts the mounted Secrets by mount path
 * @param readers the {@code kubernetes} stores, each with the Secrets its Role names (empty: every Secret of the
 *        namespace)
 * @param variables the environment variables {@code env} stores are asked for, with their store
 */
public record KnativeSecrets(SortedMap<String, String> mounts, SortedMap<String, SortedSet<String>> readers,
        SortedMap<String, String> variables) {

    /** No store that the manifests need to know of. */
    public static final KnativeSecrets NONE = new KnativeSecrets(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

    private static final Pattern STORE_OPTION = Pattern.compile("bindery\\.secrets\\.([^.\"]+)\\.(.+)");
    /** What a key of a Kubernetes Secret may hold, and so the name of a variable taken from one. */
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern SECRET_NAME = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_SECRET_NAME = 253;
    private static final int MAX_VOLUME_NAME = 63;

    /** A secret a function reads through an injection point ({@code @Secret(store, name)}). */
    public record Injected(String store, String name) {
    }

    /**
     * @param properties the configuration as written (raw values: a {@code ${secret:…}} in them is not resolved)
     * @param injected the secrets the application's injection points name
     * @throws IllegalArgumentException when a store names something that cannot be a Kubernetes Secret, or a mount
     *         path that is not absolute
     */
    public static KnativeSecrets of(Map<String, String> properties, Collection<Injected> injected) {
        Map<String, Map<String, String>> stores = new TreeMap<>();
        Map<String, Set<String>> used = new TreeMap<>();
        // only what the build's profile reads: a variable of another profile's reference is not the Service's to set
        Map<String, Set<String>> usedNow = new TreeMap<>();
        properties.forEach((property, value) -> {
            Matcher option = STORE_OPTION.matcher(property);
            if (option.matches()) {
                stores.computeIfAbsent(option.group(1), s -> new TreeMap<>()).put(option.group(2), value);
            }
            for (SecretReference reference : references(value)) {
                used.computeIfAbsent(reference.store(), s -> new TreeSet<>()).add(reference.name());
                if (!property.startsWith("%")) {
                    usedNow.computeIfAbsent(reference.store(), s -> new TreeSet<>()).add(reference.name());
                }
            }
        });
        injected.forEach(secret -> used.computeIfAbsent(secret.store(), s -> new TreeSet<>()).add(secret.name()));

        SortedMap<String, String> mounts = new TreeMap<>();
        SortedMap<String, SortedSet<String>> readers = new TreeMap<>();
        SortedMap<String, String> variables = new TreeMap<>();
        stores.forEach((store, options) -> {
            String type = options.getOrDefault("type", "").trim();
            Set<String> referenced = used.getOrDefault(store, Set.of());
            if (type.equals("kubernetes-dir")) {
                String path = options.getOrDefault("path", "").trim();
                String root = path.isEmpty() ? KubernetesDirSecretStoreProvider.defaultPath(store) : path;
                if (!root.startsWith("/")) {
                    throw new IllegalArgumentException("bindery.secrets." + store + ".path must be an absolute path "
                            + "in the container to mount the store's Secrets under, not '" + root + "'");
                }
                SortedSet<String> secrets = new TreeSet<>(list(options.get("secrets")));
                secrets.addAll(referenced);
                for (String secret : secrets) {
                    mounts.put(root.replaceAll("/+$", "") + "/" + checked(store, type, secret), secret);
                }
            } else if (type.equals("kubernetes")) {
                SortedSet<String> names = new TreeSet<>(list(options.get("allowed")));
                names.removeAll(list(options.get("denied")));
                if (names.isEmpty()) {
                    names.addAll(referenced);
                }
                names.forEach(name -> checked(store, type, name));
                readers.put(store, names);
            } else if (type.equals("env")) {
                String prefix = options.getOrDefault("prefix", "").trim();
                for (String name : usedNow.getOrDefault(store, Set.of())) {
                    String variable = prefix + name;
                    if (!SECRET_KEY.matcher(variable).matches()) {
                        throw new IllegalArgumentException("Secret store '" + store + "' (type env) is asked for "
                                + "variable '" + variable + "', which cannot be a key of a Kubernetes Secret: use "
                                + "letters, digits, '_', '-' and '.'");
                    }
                    variables.put(variable, store);
                }
            }
        });
        return new KnativeSecrets(mounts, readers, variables);
    }

    /** The well-formed references in a value; a malformed one is the run-time's to report. */
    private static List<SecretReference> references(String value) {
        if (!SecretReference.mentions(value)) {
            return List.of();
        }
        try {
            return SecretReference.parse(value);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String checked(String store, String type, String secret) {
        if (secret.length() > MAX_SECRET_NAME || !SECRET_NAME.matcher(secret).matches()) {
            throw new IllegalArgumentException("Secret store '" + store + "' (type " + type + ") names '" + secret
                    + "', which is not a Kubernetes Secret name: use lower-case letters, digits, '-' and '.' "
                    + "(at most 253 characters)");
        }
        return secret;
    }

    /** @return whether the Service needs an account of its own: some store reads Secrets through the API */
    public boolean needsServiceAccount() {
        return !readers.isEmpty();
    }

    /**
     * @return the container's {@code env}: each variable an {@code env} store is asked for, from the key of that name
     *         in the Secret {@code <service>-<store>} (one Secret per store)
     */
    public List<Map<String, Object>> env(KnativeManifests.Settings settings) {
        List<Map<String, Object>> env = new ArrayList<>();
        variables.forEach((variable, store) -> env.add(Map.of("name", variable, "valueFrom", Map.of("secretKeyRef",
                Map.of("name", envSecretName(settings, store), "key", variable)))));
        return env;
    }

    /** @return the Secret an {@code env} store's variables come from: {@code <service>-<store>} */
    public static String envSecretName(KnativeManifests.Settings settings, String store) {
        return settings.service() + "-" + KnativeManifests.kebab(store);
    }

    /** @return the pod's {@code volumes}: one {@code secret} volume per mounted Secret */
    public List<Map<String, Object>> volumes() {
        List<Map<String, Object>> volumes = new ArrayList<>();
        new TreeSet<>(mounts.values()).forEach(secret -> volumes.add(Map.of("name", volumeName(secret), "secret", Map
                .of("secretName", secret))));
        return volumes;
    }

    /** @return the container's {@code volumeMounts}: each Secret read-only where its store reads it */
    public List<Map<String, Object>> volumeMounts() {
        List<Map<String, Object>> volumeMounts = new ArrayList<>();
        mounts.forEach((path, secret) -> volumeMounts.add(Map.of("name", volumeName(secret), "mountPath", path,
                "readOnly", true)));
        return volumeMounts;
    }

    /**
     * A DNS label: {@code secret-<name>}; with a digest of the name when the name has dots (so that {@code a.b} and
     * {@code a-b} differ) or would be too long.
     */
    static String volumeName(String secret) {
        String name = "secret-" + secret.replace('.', '-');
        if (name.length() <= MAX_VOLUME_NAME && !secret.contains(".")) {
            return name;
        }
        String digest = sha256(secret).substring(0, 10);
        String prefix = name.substring(0, Math.min(name.length(), MAX_VOLUME_NAME - digest.length() - 1));
        return prefix.replaceAll("-+$", "") + "-" + digest;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * @return the ServiceAccount the Service runs as, and per {@code kubernetes} store a Role that may get, list and
     *         watch its Secrets (the named ones, or every Secret of the namespace) with a RoleBinding to the account
     */
    public List<Map<String, Object>> access(KnativeManifests.Settings settings) {
        if (!needsServiceAccount()) {
            return List.of();
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("apiVersion", "v1");
        account.put("kind", "ServiceAccount");
        account.put("metadata", KnativeManifests.metadata(settings, serviceAccountName(settings)));
        resources.add(account);
        readers.forEach((store, names) -> {
            String name = settings.service() + "-secrets-" + KnativeManifests.kebab(store);
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("apiGroups", List.of(""));
            rule.put("resources", List.of("secrets"));
            if (!names.isEmpty()) {
                rule.put("resourceNames", List.copyOf(names));
            }
            rule.put("verbs", List.of("get", "list", "watch"));
            Map<String, Object> role = new LinkedHashMap<>();
            role.put("apiVersion", "rbac.authorization.k8s.io/v1");
            role.put("kind", "Role");
            role.put("metadata", KnativeManifests.metadata(settings, name));
            role.put("rules", List.of(rule));
            resources.add(role);

            Map<String, Object> subject = new LinkedHashMap<>();
            subject.put("kind", "ServiceAccount");
            subject.put("name", serviceAccountName(settings));
            settings.namespace().ifPresent(namespace -> subject.put("namespace", namespace));
            Map<String, Object> binding = new LinkedHashMap<>();
            binding.put("apiVersion", "rbac.authorization.k8s.io/v1");
            binding.put("kind", "RoleBinding");
            binding.put("metadata", KnativeManifests.metadata(settings, name));
            binding.put("roleRef", Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", name));
            binding.put("subjects", List.of(subject));
            resources.add(binding);
        });
        return resources;
    }

    /** @return the Service's account: named as the Service */
    public String serviceAccountName(KnativeManifests.Settings settings) {
        return settings.service();
    }
}

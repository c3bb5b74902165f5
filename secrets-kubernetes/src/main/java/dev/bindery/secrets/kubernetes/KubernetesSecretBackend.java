package dev.bindery.secrets.kubernetes;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;

import dev.bindery.spi.secrets.SecretBackend;

/**
 * The Secrets of one namespace (those matching the label selector, when there is one): a secret is a Secret, its keys
 * the Secret's {@code data} decoded from base64 as UTF-8 text, and its {@code stringData} (which an API server folds
 * into {@code data}). Failures name the store, namespace, Secret and HTTP status, never a value.
 */
final class KubernetesSecretBackend implements SecretBackend {

    private final String store;
    private final KubernetesClient client;
    private final String namespace;
    private final String labelSelector;
    private final boolean watch;

    KubernetesSecretBackend(String store, KubernetesClient client, String namespace, String labelSelector,
            boolean watch) {
        this.store = store;
        this.client = client;
        this.namespace = namespace;
        this.labelSelector = labelSelector;
        this.watch = watch;
    }

    @Override
    public Optional<Map<String, String>> get(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        Secret secret;
        try {
            secret = labelSelector == null
                    ? namespaced().withName(name).get()
                    : selected().withField("metadata.name", name).list().getItems().stream().findFirst().orElse(null);
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(where() + " cannot read Secret '" + name + "': " + describe(e));
        }
        return Optional.ofNullable(secret).map(this::keys);
    }

    @Override
    public Set<String> names() {
        try {
            Set<String> names = new TreeSet<>();
            selected().list().getItems().forEach(secret -> names.add(secret.getMetadata().getName()));
            return names;
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(where() + " cannot list Secrets: " + describe(e));
        }
    }

    @Override
    public AutoCloseable watch(Consumer<String> changed) {
        if (!watch) {
            return () -> {
            };
        }
        return new KubernetesSecretWatch(store, namespace, selected(), changed);
    }

    @Override
    public void close() {
        client.close();
    }

    private NonNamespaceOperation<Secret, SecretList, Resource<Secret>> namespaced() {
        return client.secrets().inNamespace(namespace);
    }

    private FilterWatchListDeletable<Secret, SecretList, Resource<Secret>> selected() {
        return labelSelector == null ? namespaced() : namespaced().withLabelSelector(labelSelector);
    }

    private String where() {
        return "Secret store '" + store + "' (namespace '" + namespace + "' at " + client.getMasterUrl() + ")";
    }

    private Map<String, String> keys(Secret secret) {
        String name = secret.getMetadata().getName();
        Map<String, String> keys = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> keys.put(key, decode(name, key, value)));
        }
        if (secret.getStringData() != null) {
            keys.putAll(secret.getStringData());
        }
        return keys;
    }

    private String decode(String name, String key, String base64) {
        if (base64 == null) {
            return "";
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes the offending character
            throw new IllegalStateException(where() + ": key '" + key + "' of Secret '" + name + "' is not base64");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(where() + ": key '" + key + "' of Secret '" + name + "' is not UTF-8 "
                    + "text; secrets are strings, so base64-encode binary content (a keystore) before storing it");
        }
    }

    /**
     * @return the HTTP status and the API server's message (a Status never carries a Secret's data), or, without an
     *         answer, the kinds of the causes: their messages may quote a response's body
     */
    static String describe(KubernetesClientException e) {
        if (e.getCode() > 0) {
            Status status = e.getStatus();
            String message = status == null ? null : status.getMessage();
            return "HTTP " + e.getCode() + (message == null || message.isBlank() ? "" : " (" + message + ")");
        }
        StringBuilder kinds = new StringBuilder("no answer (");
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            kinds.append(t == e ? "" : " <- ").append(t.getClass().getSimpleName());
        }
        return kinds.append(')').toString();
    }
}

package dev.bindery.secrets.vault;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bindery.spi.secrets.SecretBackend;

/**
 * A secret store on a Vault KV version 2 engine: a secret is the latest version of the Vault secret at
 * {@code <mount>/data/<prefix><name>}, its keys the secret's keys (a value that is not a JSON string is given as its
 * JSON text). A deleted or destroyed latest version reads as no secret. Names are listed recursively, relative to the
 * prefix ({@code app/db}). A call refused with 403 is tried once more when the credentials could be renewed.
 */
final class VaultSecretStore implements SecretBackend {

    private final String store;
    private final VaultHttp http;
    private final VaultPaths paths;
    private final VaultCredentials credentials;

    VaultSecretStore(String store, VaultHttp http, VaultPaths paths, VaultCredentials credentials) {
        this.store = store;
        this.http = http;
        this.paths = paths;
        this.credentials = credentials;
    }

    @Override
    public Optional<Map<String, String>> get(String name) {
        if (!VaultPaths.isSecretName(name)) {
            return Optional.empty();
        }
        String path = paths.data(name);
        VaultHttp.Answer answer = call(path, false, "reading secret '" + name + "'", "read");
        // Vault answers a deleted or destroyed latest version with 404 and the version's metadata, data null
        JsonNode data = answer.body().path("data").path("data");
        if (answer.status() == 404 || !data.isObject()) {
            return Optional.empty();
        }
        Map<String, String> keys = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            keys.put(field.getKey(), value.isTextual() ? value.asText() : value.toString());
        }
        return Optional.of(keys);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        list("", names);
        return names;
    }

    private void list(String folder, Set<String> names) {
        VaultHttp.Answer answer = call(paths.metadata(folder), true,
                "listing " + (folder.isEmpty() ? "the secrets" : "folder '" + folder + "'"), "list");
        if (answer.status() == 404) {
            return;
        }
        for (JsonNode key : answer.body().path("data").path("keys")) {
            String entry = folder + key.asText();
            if (entry.endsWith("/")) {
                list(entry, names);
            } else {
                names.add(entry);
            }
        }
    }

    /** @return Vault's answer, 200 or 404 */
    private VaultHttp.Answer call(String path, boolean list, String doing, String capability) {
        String token = credentials.token();
        VaultHttp.Answer answer = http.send(path, list, token, null);
        if (answer.status() == 403 && credentials.renewAfterDenial(token)) {
            token = credentials.token();
            answer = http.send(path, list, token, null);
        }
        int status = answer.status();
        if (status == 200 || status == 404) {
            return answer;
        }
        String reasons = answer.reasons().replace(token, "<token>");
        if (status == 403) {
            throw new VaultException("Secret store '" + store + "': permission denied " + doing + " (" + path
                    + "); the token's policy needs '" + capability + "' on " + path, status, null);
        }
        throw new VaultException("Secret store '" + store + "': Vault answered " + status + " " + doing + " (" + path
                + ")" + (reasons.isEmpty() ? "" : ": " + reasons), status, null);
    }
}

package dev.bindery.secrets.vault;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Vault's HTTP API for one store: builds the {@code /v1/...} URIs from path segments, sends the token and namespace
 * headers, bounds every call by the store's timeout and reads the JSON answers. It does not follow redirects, so the
 * token goes to the configured address only.
 */
final class VaultHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASONS = 300;

    private final String store;
    private final URI address;
    private final Optional<String> namespace;
    private final Duration timeout;
    private final HttpClient client;

    VaultHttp(String store, URI address, Optional<String> namespace, Duration timeout) {
        this.store = store;
        this.address = address;
        this.namespace = namespace;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Vault's answer: its status and JSON body ({@link MissingNode} when the body is empty). */
    record Answer(int status, JsonNode body) {

        /** @return Vault's {@code errors}, joined, for a message; never a secret value */
        String reasons() {
            List<String> errors = new ArrayList<>();
            body.path("errors").forEach(error -> errors.add(error.asText()));
            String joined = String.join("; ", errors);
            return joined.length() > MAX_REASONS ? joined.substring(0, MAX_REASONS) + "…" : joined;
        }
    }

    /**
     * @param path the API path below {@code /v1/}, such as {@code secret/data/app/db}; not yet encoded
     * @param list whether to add {@code ?list=true} (Vault's LIST as a GET)
     * @param token the Vault token to send, or null for a login
     * @param body the JSON to POST, or null for a GET
     * @throws VaultException when Vault does not answer in time or answers with something other than JSON
     */
    Answer send(String path, boolean list, String token, JsonNode body) {
        URI uri = uri(path, list);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            request.header("X-Vault-Token", token);
        }
        namespace.ifPresent(value -> request.header("X-Vault-Namespace", value));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new VaultException("Secret store '" + store + "': Vault at " + address + " could not be reached ("
                    + path + "): " + e.getClass().getSimpleName(), VaultException.NO_ANSWER, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException("Secret store '" + store + "': interrupted while calling Vault (" + path + ")",
                    VaultException.NO_ANSWER, e);
        }
        return new Answer(response.statusCode(), read(response, path));
    }

    private JsonNode read(HttpResponse<String> response, String path) {
        if (response.body().isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the body, which may hold a secret: name the failure only
            throw new VaultException("Secret store '" + store + "': Vault answered " + response.statusCode()
                    + " to " + path + " with a body that is not JSON", response.statusCode(), null);
        }
    }

    private URI uri(String path, boolean list) {
        String base = address.getPath() == null ? "" : address.getPath().replaceAll("/+$", "");
        try {
            return new URI(address.getScheme(), address.getAuthority(), base + "/v1/" + path, list ? "list=true" : null,
                    null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Secret store '" + store + "': '" + path + "' is not a Vault path", e);
        }
    }

    /** @return an object node to fill for a POST */
    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}

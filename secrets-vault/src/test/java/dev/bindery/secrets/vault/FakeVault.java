package dev.bindery.secrets.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * Vault's HTTP API played by WireMock, answering with the bodies of real Vault responses (the files under
 * {@code vault/}): KV version 2 reads and lists, errors, Kubernetes logins. What it was not told about is a 404 with no
 * errors, as Vault answers for a path that holds nothing.
 */
final class FakeVault implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
    private final Map<String, Integer> versions = new HashMap<>();

    FakeVault() {
        server.start();
        server.stubFor(any(urlPathMatching("/v1/.*")).atPriority(10).willReturn(answer(404, "errors-none.json")));
    }

    String address() {
        return server.baseUrl();
    }

    WireMockServer server() {
        return server;
    }

    /** Writes a new version of the secret at {@code <mount>/data/<path>}. */
    void secret(String mount, String path, Map<String, ?> keys) {
        int version = versions.merge(mount + "/" + path, 1, Integer::sum);
        ObjectNode body = (ObjectNode) json("kv-read.json");
        ObjectNode data = (ObjectNode) body.get("data");
        data.set("data", JSON.valueToTree(keys));
        ((ObjectNode) data.get("metadata")).put("version", version);
        server.stubFor(get(urlPathEqualTo("/v1/" + mount + "/data/" + path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(body.toString())));
    }

    /** Deletes the latest version of the secret (soft delete: Vault keeps its metadata and answers 404). */
    void deleteLatest(String mount, String path) {
        server.stubFor(get(urlPathEqualTo("/v1/" + mount + "/data/" + path))
                .willReturn(answer(404, "kv-read-deleted.json")));
    }

    /** Answers a LIST of {@code <mount>/metadata/<folder>} with the keys (sub-folders end with a slash). */
    void folder(String mount, String folder, List<String> keys) {
        ObjectNode body = (ObjectNode) json("list.json");
        ((ObjectNode) body.get("data")).set("keys", JSON.valueToTree(keys));
        server.stubFor(get(urlPathEqualTo("/v1/" + mount + "/metadata/" + folder)).withQueryParam("list",
                equalTo("true")).willReturn(
                        aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                                .withBody(body.toString())));
    }

    /** Answers a Kubernetes login at {@code auth/<authPath>/login} with the token and lease. */
    void kubernetesLogin(String authPath, String clientToken, long leaseSeconds) {
        server.stubFor(post(urlPathEqualTo("/v1/auth/" + authPath + "/login"))
                .willReturn(login(clientToken, leaseSeconds)));
    }

    static ResponseDefinitionBuilder login(String clientToken,
            long leaseSeconds) {
        ObjectNode body = (ObjectNode) json("kubernetes-login.json");
        ((ObjectNode) body.get("auth")).put("client_token", clientToken).put("lease_duration", leaseSeconds);
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    /** Answers every call matching the mapping with the status and the body of a file under {@code vault/}. */
    void stub(MappingBuilder mapping, int status, String file) {
        server.stubFor(mapping.willReturn(answer(status, file)));
    }

    /** Answers every call with 503, as a sealed Vault does. */
    void seal() {
        server.stubFor(any(urlPathMatching("/v1/.*")).atPriority(1).willReturn(answer(503, "errors-sealed.json")));
    }

    List<LoggedRequest> requests() {
        return server.findAll(anyRequestedFor(urlPathMatching(".*")));
    }

    private static ResponseDefinitionBuilder answer(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(json(file).toString());
    }

    private static JsonNode json(String file) {
        try (InputStream in = FakeVault.class.getResourceAsStream("/vault/" + file)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (server.isRunning()) {
            server.stop();
        }
    }
}

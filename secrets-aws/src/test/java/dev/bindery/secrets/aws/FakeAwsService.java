package dev.bindery.secrets.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * An AWS service that speaks the JSON 1.1 protocol (one POST per call, the operation in {@code X-Amz-Target}), played by
 * WireMock: a subclass answers each operation from its own state, so that rotating a secret changes what is read. It
 * can be told to fail every call, as a broken or throttling service does.
 */
abstract class FakeAwsService implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** What a call answers, before the protocol's headers are added. */
    record Answer(int status, Object body) {

        static Answer ok(Object body) {
            return new Answer(200, body);
        }

        static Answer error(int status, String type, String message) {
            return new Answer(status, Map.of("__type", type, "message", message));
        }
    }

    private final String targetPrefix;
    private final WireMockServer server;
    private final List<SecretBackend> opened = new CopyOnWriteArrayList<>();
    /** What every call answers instead, as a status and the body as it is; null while the service works. */
    private volatile Answer failure;

    /** @param targetPrefix the service's prefix of {@code X-Amz-Target}, such as {@code secretsmanager} */
    FakeAwsService(String targetPrefix) {
        this.targetPrefix = targetPrefix;
        this.server = new WireMockServer(wireMockConfig().dynamicPort().extensions(new Dispatch()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    }

    /** @return the URL to give {@code endpoint-override} */
    URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /** The access key id the stores sign with in tests. */
    static final String ACCESS_KEY_ID = "AKIDBINDERYTEST";

    /** @return the options that point a store at this fake, with a static test key pair, plus {@code more} */
    Map<String, String> options(Map<String, String> more) {
        Map<String, String> options = new HashMap<>(Map.of("region", "us-east-1", "endpoint-override",
                endpoint().toString(), "access-key-id", ACCESS_KEY_ID, "secret-access-key", "test-secret-key"));
        options.putAll(more);
        return options;
    }

    /** @return a store of {@code provider}'s type on this fake, closed with it */
    SecretBackend open(SecretStoreProvider provider, String store, Map<String, String> more) {
        SecretBackend backend = provider.open(new SecretStoreSettings(store, options(more)));
        opened.add(backend);
        return backend;
    }

    /** Makes every call answer this error from now on. */
    void failEveryCall(int status, String type, String message) {
        try {
            failure = new Answer(status, JSON.writeValueAsString(Map.of("__type", type, "message", message)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Makes every call answer this body, as it is, from now on (a proxy's page, a truncated answer). */
    void answerEveryCallWith(int status, String body) {
        failure = new Answer(status, body);
    }

    /** @return the calls of one operation, such as {@code ListSecrets}, received so far */
    List<LoggedRequest> calls(String operation) {
        return server.findAll(postRequestedFor(anyUrl()).withHeader("X-Amz-Target",
                equalTo(targetPrefix + "." + operation)));
    }

    /** Answers one operation; {@code request} is the call's JSON body. */
    protected abstract Answer answer(String operation, JsonNode request);

    /** @return the page of {@code items} that starts at the request's {@code NextToken}, at most {@code pageSize} */
    static <T> List<T> page(List<T> items, JsonNode request, int pageSize) {
        int from = request.hasNonNull("NextToken") ? Integer.parseInt(request.get("NextToken").asText()) : 0;
        int size = Math.min(pageSize, request.path("MaxResults").asInt(pageSize));
        return items.subList(Math.min(from, items.size()), Math.min(from + size, items.size()));
    }

    /** @return the {@code NextToken} after a page, or null after the last one */
    static String nextToken(List<?> items, JsonNode request, int pageSize) {
        int from = request.hasNonNull("NextToken") ? Integer.parseInt(request.get("NextToken").asText()) : 0;
        int next = from + Math.min(pageSize, request.path("MaxResults").asInt(pageSize));
        return next < items.size() ? Integer.toString(next) : null;
    }

    @Override
    public void close() {
        opened.forEach(SecretBackend::close);
        server.stop();
    }

    private final class Dispatch implements ResponseDefinitionTransformerV2 {

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            String target = serveEvent.getRequest().getHeader("X-Amz-Target");
            String requestId = UUID.randomUUID().toString();
            Answer answer = failure;
            String body;
            try {
                if (answer != null) {
                    body = (String) answer.body();
                } else {
                    answer = target == null || !target.startsWith(targetPrefix + ".")
                            ? Answer.error(400, "UnknownOperationException", "")
                            : answer(target.substring(targetPrefix.length() + 1),
                                    JSON.readTree(serveEvent.getRequest().getBodyAsString()));
                    body = JSON.writeValueAsString(answer.body());
                }
            } catch (JsonProcessingException e) {
                answer = Answer.error(400, "SerializationException", "not JSON");
                body = "{\"__type\":\"SerializationException\"}";
            }
            return aResponse().withStatus(answer.status())
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withHeader("x-amzn-RequestId", requestId)
                    .withBody(body)
                    .build();
        }

        @Override
        public String getName() {
            return "fake-" + targetPrefix;
        }
    }
}

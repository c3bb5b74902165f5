package dev.bindery.examples;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** A test client that sends and reads events with the CloudEvents SDK's Vert.x binding, as Knative's broker would. */
public final class CloudEventsHttp implements AutoCloseable {

    static final ObjectMapper EVENTS = new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client = WebClient.create(vertx);
    private final URI base;

    public CloudEventsHttp(URI base) {
        this.base = base;
    }

    private HttpRequest<Buffer> post(String path) {
        return client.requestAbs(HttpMethod.POST, base.resolve(path).toString());
    }

    public HttpResponse<Buffer> binary(String path, CloudEvent event) {
        return await(VertxMessageFactory.createWriter(post(path)).writeBinary(event));
    }

    public HttpResponse<Buffer> binary(CloudEvent event) {
        return binary("/", event);
    }

    public HttpResponse<Buffer> structured(CloudEvent event) {
        return await(VertxMessageFactory.createWriter(post("/")).writeStructured(event, JsonFormat.CONTENT_TYPE));
    }

    public HttpResponse<Buffer> batch(List<CloudEvent> events) {
        try {
            return raw(HttpMethod.POST, "/", Map.of("content-type", "application/cloudevents-batch+json"),
                    Buffer.buffer(EVENTS.writeValueAsBytes(events)));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    /** For what the SDK refuses to produce: malformed events, other methods, plain JSON. */
    public HttpResponse<Buffer> raw(HttpMethod method, String path, Map<String, String> headers, Buffer body) {
        HttpRequest<Buffer> request = client.requestAbs(method, base.resolve(path).toString());
        headers.forEach(request::putHeader);
        return await(body == null ? request.send() : request.sendBuffer(body));
    }

    /** @param target the request target as sent, not resolved against the base (such as {@code //}) */
    public HttpResponse<Buffer> rawTarget(HttpMethod method, String target, Map<String, String> headers, Buffer body) {
        HttpRequest<Buffer> request = client.request(method, base.getPort(), base.getHost(), target);
        headers.forEach(request::putHeader);
        return await(body == null ? request.send() : request.sendBuffer(body));
    }

    public static CloudEvent reply(HttpResponse<Buffer> response) {
        return VertxMessageFactory.createReader(response).toEvent();
    }

    public static List<CloudEvent> replies(HttpResponse<Buffer> response) {
        try {
            return List.of(EVENTS.readValue(response.body().getBytes(), CloudEvent[].class));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    public static Map<String, Object> json(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getMap();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("The request failed", e);
        }
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}

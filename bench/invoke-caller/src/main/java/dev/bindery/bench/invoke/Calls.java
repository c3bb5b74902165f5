package dev.bindery.bench.invoke;

import java.util.UUID;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.funqy.Funq;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import dev.bindery.invocation.Invoker;

/**
 * The same call two ways, for bench/invoke-load.sh: the callee app's {@code greet} through Bindery's {@link Invoker}
 * (resolution, a span per attempt, trace and caller headers, outcome mapping, metrics), and by hand with a plain Vert.x
 * WebClient (a binary CloudEvent POST, the reply's body parsed). Both are non-blocking.
 */
public class Calls {

    @Inject
    Invoker invoker;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "callee.url")
    String calleeUrl;

    WebClient client;

    @PostConstruct
    void start() {
        client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(64));
    }

    @Funq
    public CompletionStage<JsonNode> viaInvoker(JsonNode name) {
        return invoker.invokeAsync("callee", "greet", name, JsonNode.class);
    }

    @Funq
    public CompletionStage<JsonNode> viaWebClient(JsonNode name) throws Exception {
        byte[] body = mapper.writeValueAsBytes(name);
        return client.postAbs(calleeUrl + "/greet").putHeader("ce-specversion", "1.0")
                .putHeader("ce-id", UUID.randomUUID().toString()).putHeader("ce-source", "bench")
                .putHeader("ce-type", "greet").putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("greet answered " + response.statusCode());
                    }
                    try {
                        return mapper.readTree(response.body().getBytes());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toCompletionStage();
    }
}

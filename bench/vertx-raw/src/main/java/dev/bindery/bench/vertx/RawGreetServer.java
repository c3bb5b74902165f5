package dev.bindery.bench.vertx;

import java.util.UUID;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The ceiling: answers every POST with the reply {@code greet} gives, without parsing anything, on every event loop.
 */
public class RawGreetServer extends AbstractVerticle {

    private static final Buffer BODY = Buffer.buffer("{\"message\":\"Hello, Ada!\"}");

    @Override
    public void start() {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(ignored -> request.response()
                .putHeader("ce-specversion", "1.0")
                .putHeader("ce-id", UUID.randomUUID().toString())
                .putHeader("ce-source", "greet")
                .putHeader("ce-type", "greet.output")
                .putHeader("content-type", "application/json")
                .end(BODY))).listen(port);
    }

    public static void main(String[] args) {
        Vertx.vertx().deployVerticle(RawGreetServer.class.getName(),
                new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()));
    }
}

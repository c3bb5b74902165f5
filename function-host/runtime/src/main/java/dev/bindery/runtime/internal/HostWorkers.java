package dev.bindery.runtime.internal;

import java.util.concurrent.Executor;

import jakarta.inject.Singleton;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;

/**
 * The host's worker executor: Quarkus runs Vert.x blocking tasks on its worker pool (executor-thread-*); on a
 * duplicated context (the request's, or a new one for an event from a consumer thread), as Quarkus does for each
 * message, so the context-local state of one event (the OpenTelemetry context, the MDC) is its own. Functions run here,
 * and so do actor turns.
 */
@Singleton
public class HostWorkers implements Executor {

    private final Vertx vertx;

    public HostWorkers(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void execute(Runnable command) {
        VertxContext.getOrCreateDuplicatedContext(vertx).executeBlocking(() -> {
            command.run();
            return null;
        }, false);
    }
}

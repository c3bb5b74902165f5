package dev.bindery.runtime.internal;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.bindery.internal.invoke.FunctionDispatcher;

/** Ready once the functions are registered and the dispatcher is built; not ready again once shutting down. */
@Readiness
@Singleton
public class FunctionsReadinessCheck implements HealthCheck {

    private final FunctionDispatcher dispatcher;
    private final Draining draining;

    public FunctionsReadinessCheck(FunctionDispatcher dispatcher, Draining draining) {
        this.dispatcher = dispatcher;
        this.draining = draining;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bindery-functions")
                .withData("functions", String.join(",", dispatcher.functionNames()));
        if (draining.draining()) {
            return response.withData("reason", "shutting down: new HTTP events are refused").down().build();
        }
        return response.up().build();
    }
}

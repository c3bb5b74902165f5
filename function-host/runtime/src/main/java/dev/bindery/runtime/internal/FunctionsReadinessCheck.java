package dev.bindery.runtime.internal;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.bindery.internal.invoke.FunctionDispatcher;

/** Ready once the functions are registered and the dispatcher is built. */
@Readiness
@Singleton
public class FunctionsReadinessCheck implements HealthCheck {

    private final FunctionDispatcher dispatcher;

    public FunctionsReadinessCheck(FunctionDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("bindery-functions")
                .withData("functions", String.join(",", dispatcher.functionNames()))
                .up()
                .build();
    }
}

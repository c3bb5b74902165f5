package dev.bindery.runtime.internal;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every input binding runs. */
@Readiness
@Singleton
public class BindingsReadinessCheck implements HealthCheck {

    private final BindingComponents components;

    public BindingsReadinessCheck(BindingComponents components) {
        this.components = components;
    }

    @Override
    public HealthCheckResponse call() {
        boolean up = components.started().isDone() && !components.started().isCompletedExceptionally();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bindery-bindings").status(up);
        if (components.started().isCompletedExceptionally()) {
            response.withData("error", components.started().handle((ok, failure) -> String.valueOf(failure)).join());
        }
        return response.build();
    }
}

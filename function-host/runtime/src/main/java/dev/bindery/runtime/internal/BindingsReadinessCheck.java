package dev.bindery.runtime.internal;

import java.util.Map;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every input binding runs, and while each consumes: one that stopped is DOWN, its reason under its name. */
@Readiness
@Singleton
public class BindingsReadinessCheck implements HealthCheck {

    private final BindingComponents components;

    public BindingsReadinessCheck(BindingComponents components) {
        this.components = components;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> failures = components.failures();
        boolean up = components.started().isDone() && !components.started().isCompletedExceptionally()
                && failures.isEmpty();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bindery-bindings").status(up);
        if (components.started().isCompletedExceptionally()) {
            response.withData("error", components.started().handle((ok, failure) -> String.valueOf(failure)).join());
        }
        failures.forEach(response::withData);
        return response.build();
    }
}

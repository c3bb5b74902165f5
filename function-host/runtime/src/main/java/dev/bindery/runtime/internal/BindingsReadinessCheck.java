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
        java.util.Optional<String> notReady = components.notReady();
        Map<String, String> failures = components.failures();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bindery-bindings")
                .status(notReady.isEmpty() && failures.isEmpty());
        notReady.ifPresent(why -> response.withData(why.equals("starting") ? "state" : "error", why));
        failures.forEach(response::withData);
        return response.build();
    }
}

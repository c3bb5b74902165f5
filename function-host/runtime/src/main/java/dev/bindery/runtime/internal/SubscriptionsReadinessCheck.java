package dev.bindery.runtime.internal;

import java.util.Map;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every {@code @OnTopic} subscription runs, and while each delivers: a subscription whose consumer failed
 * (and restarts) is DOWN, its reason in the data under {@code <component>/<topic>}.
 */
@Readiness
@Singleton
public class SubscriptionsReadinessCheck implements HealthCheck {

    private final PubSubComponents components;

    public SubscriptionsReadinessCheck(PubSubComponents components) {
        this.components = components;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> failures = components.failures();
        boolean up = components.started().isDone() && !components.started().isCompletedExceptionally()
                && failures.isEmpty();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bindery-subscriptions").status(up);
        if (components.started().isCompletedExceptionally()) {
            response.withData("error", components.started().handle((ok, failure) -> String.valueOf(failure)).join());
        }
        failures.forEach(response::withData);
        return response.build();
    }
}

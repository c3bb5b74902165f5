package dev.bindery.runtime.internal;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once every state store the application uses is open (the actors' store may still be opening). */
@Readiness
@Singleton
public class StateStoresReadinessCheck implements HealthCheck {

    private final StateStores stores;

    public StateStoresReadinessCheck(StateStores stores) {
        this.stores = stores;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("bindery-state").status(stores.ready());
        stores.failures().forEach(response::withData);
        return response.build();
    }
}

package dev.bindery.runtime.internal;

import jakarta.inject.Singleton;

import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.pubsub.SubscriptionPolicies;
import dev.bindery.spi.support.RetryPolicy;

/** The subscriptions' delivery settings as {@link Subscriptions} reads them, for the components' consumers too. */
@Singleton
public class ConfiguredSubscriptionPolicies implements SubscriptionPolicies {

    private final FunctionCatalog catalog;
    private final BinderyConfig config;

    ConfiguredSubscriptionPolicies(FunctionCatalog catalog, BinderyConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    @Override
    public RetryPolicy retry(String pubsub, String topic) {
        for (Subscriptions.Subscription subscription : Subscriptions.of(catalog, config)) {
            if (subscription.pubsub().equals(pubsub) && subscription.topic().equals(topic)) {
                return subscription.retry();
            }
        }
        BinderyConfig.PubSub component = config.pubsub().get(pubsub);
        return new RetryPolicy(component.retryAttempts(), component.retryInitialDelay(), component.retryMaxDelay());
    }

    @Override
    public boolean subscribes(String pubsub) {
        return Subscriptions.of(catalog, config).stream().anyMatch(subscription -> subscription.pubsub().equals(
                pubsub));
    }
}

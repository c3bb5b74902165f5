package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.support.RetryPolicy;

/**
 * The topic subscriptions of the application's functions, as annotated ({@code @OnTopic}) and configured
 * ({@code bindery.functions."<name>".*}): the one place both the dispatcher's topic routes and the consumers are made
 * from.
 */
final class Subscriptions {

    /** One function's subscription. */
    record Subscription(RecordedFunction function, String pubsub, String topic, String deadLetterTopic,
            RetryPolicy retry) {
    }

    private Subscriptions() {
    }

    /** @return the subscriptions, in the catalog's order */
    static List<Subscription> of(FunctionCatalog catalog, BinderyConfig config) {
        List<Subscription> subscriptions = new ArrayList<>();
        for (RecordedFunction function : catalog.functions()) {
            of(function, config).ifPresent(subscriptions::add);
        }
        return subscriptions;
    }

    /** @return the function's subscription, if it has one */
    static Optional<Subscription> of(RecordedFunction function, BinderyConfig config) {
        BinderyConfig.Function overrides = config.functions().get(function.getName());
        String topic = overrides != null && overrides.topic().isPresent() ? overrides.topic().get() : function.getTopic();
        if (topic == null) {
            return Optional.empty();
        }
        String pubsub = overrides != null && overrides.pubsub().isPresent()
                ? overrides.pubsub().get()
                : function.getPubsub() == null ? "default" : function.getPubsub();
        String deadLetter = overrides != null && overrides.deadLetterTopic().isPresent()
                ? overrides.deadLetterTopic().get()
                : function.getDeadLetterTopic() == null ? topic + "-dlq" : function.getDeadLetterTopic();
        return Optional.of(new Subscription(function, pubsub, topic, deadLetter, retry(config.pubsub().get(pubsub),
                overrides, function)));
    }

    /** The configuration's, else {@code @Delivery}'s, else the component's. */
    private static RetryPolicy retry(BinderyConfig.PubSub settings, BinderyConfig.Function overrides,
            RecordedFunction function) {
        int attempts = overrides != null && overrides.retryAttempts().isPresent()
                ? overrides.retryAttempts().getAsInt()
                : function.getRetryAttempts() > 0 ? function.getRetryAttempts() : settings.retryAttempts();
        Duration annotated = function.getRetryInitialDelay() == null
                ? settings.retryInitialDelay()
                : Duration.parse(function.getRetryInitialDelay());
        Duration initial = overrides != null ? overrides.retryInitialDelay().orElse(annotated) : annotated;
        Duration max = overrides != null
                ? overrides.retryMaxDelay().orElse(settings.retryMaxDelay())
                : settings.retryMaxDelay();
        return new RetryPolicy(attempts, initial, max);
    }
}

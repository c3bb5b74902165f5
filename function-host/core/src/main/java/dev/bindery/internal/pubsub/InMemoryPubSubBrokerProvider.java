package dev.bindery.internal.pubsub;

import java.time.Duration;
import java.util.Map;

import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.pubsub.PubSubBrokerProvider;

/**
 * Provides {@code type=in-memory} pub/sub: {@code partitions} per topic (default 4) and {@code redelivery-pause-ms}
 * before a failed event is delivered again (default 1000). What it delivers was published by this application (the
 * publisher, or the transactional outbox's relay), so its events carry the application as a verified caller
 * ({@code Caller.app(<app id>)}) when the host gave the broker the app id, and no credential otherwise.
 */
public final class InMemoryPubSubBrokerProvider implements PubSubBrokerProvider {

    public static final String TYPE = "in-memory";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PubSubBroker open(BrokerSettings settings) {
        Map<String, String> options = settings.options();
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "4"));
        if (partitions < 1) {
            throw new IllegalArgumentException("bindery.pubsub." + settings.component() + ".partitions must be at least 1");
        }
        return new InMemoryPubSubBroker(partitions,
                Duration.ofMillis(Long.parseLong(options.getOrDefault("redelivery-pause-ms", "1000"))),
                settings.appId() == null ? Credentials.none() : Credentials.verified(Caller.app(settings.appId())));
    }
}

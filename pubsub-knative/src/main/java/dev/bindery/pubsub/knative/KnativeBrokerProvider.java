package dev.bindery.pubsub.knative;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.pubsub.PubSubBrokerProvider;

/**
 * Opens {@code knative} components: {@code sink} (default: the {@code K_SINK} environment variable),
 * {@code publish-attempts} (default 5) and {@code publish-initial-delay-ms} (default 100).
 */
public final class KnativeBrokerProvider implements PubSubBrokerProvider {

    public static final String TYPE = "knative";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PubSubBroker open(String component, Map<String, String> options) {
        String sink = options.getOrDefault("sink", System.getenv("K_SINK"));
        if (sink == null || sink.isBlank()) {
            throw new IllegalArgumentException("bindery.pubsub." + component + ".sink is not set and neither is "
                    + "K_SINK: a knative component publishes to the sink a SinkBinding injects");
        }
        int attempts = Integer.parseInt(options.getOrDefault("publish-attempts", "5"));
        Duration initial = Duration.ofMillis(Long.parseLong(options.getOrDefault("publish-initial-delay-ms", "100")));
        Duration timeout = Duration.ofMillis(Long.parseLong(options.getOrDefault("publish-timeout-ms", "10000")));
        return new KnativeBroker(URI.create(sink), attempts, initial, timeout);
    }
}

package dev.bindery.pubsub.knative;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.bindery.options.EngineOptions;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.pubsub.PubSubBrokerProvider;

/**
 * Opens {@code knative} components, with the options of {@link KnativeOptions}; a publish, retries included, takes at
 * most the host's {@code publish-timeout}.
 */
public final class KnativeBrokerProvider implements PubSubBrokerProvider {

    public static final String TYPE = "knative";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PubSubBroker open(BrokerSettings settings) {
        String prefix = "bindery.pubsub." + settings.component();
        KnativeOptions options = EngineOptions.read(KnativeOptions.class, prefix, settings.options());
        URI sink = options.sink().or(() -> Optional.ofNullable(System.getenv("K_SINK")).filter(s -> !s.isBlank())
                .map(URI::create)).orElseThrow(() -> new IllegalArgumentException(
                        prefix + ".sink is not set and "
                                + "neither is K_SINK: a knative component publishes to the sink a SinkBinding injects"));
        return new KnativeBroker(sink, options.publishAttempts(), Duration.ofMillis(options.publishInitialDelayMs()),
                settings.publishTimeout());
    }
}

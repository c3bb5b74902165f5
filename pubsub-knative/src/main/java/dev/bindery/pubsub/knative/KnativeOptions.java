package dev.bindery.pubsub.knative;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The options of a {@code type=knative} component, {@code bindery.pubsub.<name>.*} (besides the host's own, such as
 * {@code publish-timeout}): each declared once, with its default, and read with {@code EngineOptions}.
 */
@ConfigMapping
interface KnativeOptions {

    /** The Broker's URL; default the {@code K_SINK} environment variable, which a SinkBinding sets. */
    Optional<URI> sink();

    /** Attempts of a publish in all, retrying Knative's retryable answers (429, 5xx). */
    @WithDefault("5")
    int publishAttempts();

    /** The first retry's delay, in milliseconds; each next one doubles. */
    @WithDefault("100")
    long publishInitialDelayMs();
}

package dev.bindery.spi.pubsub;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the host gives a {@link PubSubBrokerProvider} to open one component: the host's own settings of the component,
 * already read and defaulted by the host, and the options meant for the broker.
 *
 * @param component the component's name, as in {@code bindery.pubsub.<component>.*}; never null
 * @param publishTimeout how long a blocking publish may wait for the broker ({@code bindery.pubsub.<component>.publish-timeout});
 *        a broker bounds its own waits (metadata, connections) by it; never null
 * @param options the broker's own options: every {@code bindery.pubsub.<component>.<option>} that is not one of the
 *        host's, as {@code <option>} → value; never null, unmodifiable
 */
public record BrokerSettings(String component, Duration publishTimeout, Map<String, String> options) {

    /** Checks that nothing is null and copies the options. */
    public BrokerSettings {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        options = Map.copyOf(options);
    }
}

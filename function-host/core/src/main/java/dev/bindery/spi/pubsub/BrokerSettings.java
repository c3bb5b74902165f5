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
 * @param appId the id of the application opening the broker ({@code bindery.app-id}): a broker that only carries this
 *        process's own events (in-memory) delivers them as sent by this application; null when the opener did not say
 *        (a test or a tool opening a broker itself), and then such a broker's events carry no credential
 */
public record BrokerSettings(String component, Duration publishTimeout, Map<String, String> options, String appId) {

    /** Checks that nothing but the app id is null and copies the options. */
    public BrokerSettings {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        options = Map.copyOf(options);
    }

    /** Settings without an application id. */
    public BrokerSettings(String component, Duration publishTimeout, Map<String, String> options) {
        this(component, publishTimeout, options, null);
    }
}

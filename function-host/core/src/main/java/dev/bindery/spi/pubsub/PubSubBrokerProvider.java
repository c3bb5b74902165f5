package dev.bindery.spi.pubsub;

import java.util.Map;

/**
 * Creates {@link PubSubBroker}s of one type, found with {@link java.util.ServiceLoader}: a component configured with
 * {@code bindery.pubsub.<name>.type=<type>} is opened by the provider of that type.
 */
public interface PubSubBrokerProvider {

    /** @return the type name used in configuration, such as {@code in-memory} or {@code kafka} */
    String type();

    /**
     * @param component the component's name
     * @param options every {@code bindery.pubsub.<name>.<option>} as {@code <option>} → value
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    PubSubBroker open(String component, Map<String, String> options);
}

package dev.bindery.spi.pubsub;

/**
 * Creates {@link PubSubBroker}s of one type, found with {@link java.util.ServiceLoader}: a component configured with
 * {@code bindery.pubsub.<name>.type=<type>} is opened by the provider of that type.
 */
public interface PubSubBrokerProvider {

    /** @return the type name used in configuration, such as {@code in-memory} or {@code kafka} */
    String type();

    /**
     * Opens the broker of one component.
     *
     * @param settings the component's name, the host's settings the broker honours, and the broker's own options
     * @throws IllegalArgumentException naming the option that is missing, unknown or wrong
     */
    PubSubBroker open(BrokerSettings settings);
}

package dev.bindery.spi.pubsub;

import dev.bindery.spi.support.RetryPolicy;

/**
 * The delivery settings of the application's topic subscriptions, for a transport that is handed a topic's records by
 * someone else (AWS Lambda's Kafka event source mapping) and keeps the delivery contract itself: the same retries as
 * the component's own consumer would make, then the dead letter. Thread-safe; non-blocking.
 */
public interface SubscriptionPolicies {

    /**
     * @param pubsub the component, as in {@code bindery.pubsub.<component>.*}; not null
     * @param topic the topic; not null
     * @return the retries of the component's subscription to the topic (its first subscriber's, as its consumer's:
     *         {@code bindery.functions."<name>".retry-*}, else {@code @Delivery}, else the component's), or the
     *         component's own when no function subscribes to the topic; never null
     */
    RetryPolicy retry(String pubsub, String topic);

    /**
     * @param pubsub the component; not null
     * @return whether any function subscribes to a topic of the component
     */
    boolean subscribes(String pubsub);
}

package dev.bindery.pubsub.kafka;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The options of a {@code type=kafka} component, {@code bindery.pubsub.<name>.*} (besides the host's own, such as
 * {@code publish-timeout}): each declared once, with its default, and read with {@code EngineOptions}.
 */
@ConfigMapping
interface KafkaOptions {

    /** The Kafka cluster: {@code host:port,host:port}. */
    String bootstrapServers();

    /** How long a partition waits, in milliseconds, before a failed delivery is tried again by the broker. */
    @WithDefault("1000")
    long redeliveryPauseMs();

    /**
     * This instance's stable identity for Kafka static membership ({@code group.instance.id}); default the
     * {@code HOSTNAME} (the pod name) when running in a Kubernetes pod, else none (dynamic membership); blank for dynamic
     * membership.
     */
    java.util.Optional<String> instanceId();

    /** Kafka client properties, as {@code kafka.<property>} (such as {@code kafka.security.protocol}). */
    Map<String, String> kafka();
}

package dev.bindery.pubsub.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.pubsub.PubSubBrokerProvider;

/**
 * Provides {@code type=kafka} pub/sub. Options: {@code bootstrap-servers} (required), {@code redelivery-pause-ms}
 * (default 1000), {@code instance-id} (this instance's stable identity for Kafka static membership, default the
 * {@code HOSTNAME} environment variable, i.e. the pod name; blank for dynamic membership), {@code publish-timeout-ms} (set by the host from {@code publish-timeout}; bounds how long the
 * producer blocks for metadata), and any Kafka client property as {@code kafka.<property>} (for example
 * {@code kafka.security.protocol}, {@code kafka.sasl.jaas.config}).
 */
public final class KafkaPubSubBrokerProvider implements PubSubBrokerProvider {

    public static final String TYPE = "kafka";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PubSubBroker open(String component, Map<String, String> options) {
        String servers = options.get("bootstrap-servers");
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("bindery.pubsub." + component + ".bootstrap-servers is required for "
                    + "type kafka (host:port,host:port)");
        }
        Map<String, String> client = new HashMap<>();
        options.forEach((option, value) -> {
            if (option.startsWith("kafka.")) {
                client.put(option.substring("kafka.".length()), value);
            }
        });
        client.put("bootstrap.servers", servers);
        // a publish must fail within the host's publish timeout, also while the producer waits for metadata
        String timeout = options.getOrDefault("publish-timeout-ms", "10000");
        client.putIfAbsent("max.block.ms", timeout);
        client.putIfAbsent("delivery.timeout.ms", Long.toString(Math.max(Long.parseLong(timeout), 1000) + 30_000));
        // static membership: the configured identity, else the pod's name; blank turns it off
        String instance = options.getOrDefault("instance-id", System.getenv("HOSTNAME"));
        return new KafkaPubSubBroker(client,
                Duration.ofMillis(Long.parseLong(options.getOrDefault("redelivery-pause-ms", "1000"))),
                instance == null || instance.isBlank() ? null : instance + "-" + component);
    }
}

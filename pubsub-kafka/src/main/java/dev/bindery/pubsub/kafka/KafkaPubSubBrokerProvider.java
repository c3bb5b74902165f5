package dev.bindery.pubsub.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.bindery.spi.PubSubBroker;
import dev.bindery.spi.PubSubBrokerProvider;

/**
 * Provides {@code type=kafka} pub/sub. Options: {@code bootstrap-servers} (required), {@code redelivery-pause-ms}
 * (default 1000), and any Kafka client property as {@code kafka.<property>} (for example
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
        return new KafkaPubSubBroker(client,
                Duration.ofMillis(Long.parseLong(options.getOrDefault("redelivery-pause-ms", "1000"))));
    }
}

package dev.bindery.pubsub.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.bindery.options.EngineOptions;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.pubsub.PubSubBrokerProvider;

/**
 * Provides {@code type=kafka} pub/sub, with the options of {@link KafkaOptions}; the host's {@code publish-timeout}
 * also bounds how long the producer blocks for metadata. Consumers use Kafka static membership with the instance's
 * stable identity ({@code instance-id}, else the pod name), so a restarted instance takes its partitions back at once.
 */
public final class KafkaPubSubBrokerProvider implements PubSubBrokerProvider {

    public static final String TYPE = "kafka";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public PubSubBroker open(BrokerSettings settings) {
        KafkaOptions options = EngineOptions.read(KafkaOptions.class, "bindery.pubsub." + settings.component(),
                settings.options());
        Map<String, String> client = new HashMap<>(options.kafka());
        client.put("bootstrap.servers", options.bootstrapServers());
        // a publish must fail within the host's publish timeout, also while the producer waits for metadata
        long timeout = settings.publishTimeout().toMillis();
        client.putIfAbsent("max.block.ms", Long.toString(timeout));
        client.putIfAbsent("delivery.timeout.ms", Long.toString(Math.max(timeout, 1000) + 30_000));
        // static membership: the configured identity, else the pod's name; blank turns it off
        // (a blank instance-id is given on purpose, so it is read as given: the mapping would take it for absent)
        String instance = settings.options().containsKey("instance-id")
                ? settings.options().get("instance-id")
                : options.instanceId().orElse(podName());
        return new KafkaPubSubBroker(client, Duration.ofMillis(options.redeliveryPauseMs()),
                instance == null || instance.isBlank() ? null : instance + "-" + settings.component());
    }

    /**
     * @return the pod's name when running in a Kubernetes pod (its {@code HOSTNAME}, unique per pod), else null: on a
     *         workstation or a CI machine several processes share a host name, and two static members with one identity
     *         fence each other
     */
    private static String podName() {
        return System.getenv("KUBERNETES_SERVICE_HOST") != null ? System.getenv("HOSTNAME") : null;
    }
}

package dev.bindery.examples.security;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.bindery.examples.KafkaBroker;

/**
 * Security on, with two Kafka pub/sub components on one broker (KRaft, in the test JVM): {@value #SECURED}, whose events
 * must carry a credential in their record headers, and {@value #PIPELINE}, whose events without one stand for the
 * caller {@value #PIPELINE_CALLER} ({@code bindery.pubsub.pipeline.caller}). The API token {@code caller-a} may run
 * {@code greetFromTopic} and not {@code placeOrderFromTopic}; default action deny. The default component stays
 * in-memory, so the example's own subscriptions do not wait for Kafka.
 */
public class KafkaSecuritySetup implements QuarkusTestResourceLifecycleManager {

    static final String SECURED = "secured";
    static final String PIPELINE = "pipeline";
    static final String PIPELINE_CALLER = "orders-pipeline";
    static final String GREETINGS = "secure-greetings";
    static final String ORDERS = "secure-orders";
    static final String PIPELINE_GREETINGS = "pipeline-greetings";
    static final String CALLER_A = "caller-a-kafka-token-3c71e0";

    private KafkaClusterTestKit cluster;

    @Override
    public Map<String, String> start() {
        cluster = KafkaBroker.startCluster(true);
        String servers = cluster.bootstrapServers();
        return Map.ofEntries(
                Map.entry("bindery.security.enabled", "true"),
                Map.entry("bindery.security.tokens.caller-a.value", CALLER_A),
                Map.entry("bindery.access.default-action", "deny"),
                Map.entry("bindery.access.policies.caller-a.functions.greetFromTopic", "allow"),
                Map.entry("bindery.access.policies.caller-a.functions.placeOrderFromTopic", "deny"),
                Map.entry("bindery.access.policies." + PIPELINE_CALLER + ".functions.greetFromPipeline", "allow"),
                Map.entry("bindery.pubsub." + SECURED + ".type", "kafka"),
                Map.entry("bindery.pubsub." + SECURED + ".bootstrap-servers", servers),
                Map.entry("bindery.pubsub." + PIPELINE + ".type", "kafka"),
                Map.entry("bindery.pubsub." + PIPELINE + ".bootstrap-servers", servers),
                Map.entry("bindery.pubsub." + PIPELINE + ".caller", PIPELINE_CALLER),
                Map.entry("bindery.functions.greetFromTopic.pubsub", SECURED),
                Map.entry("bindery.functions.greetFromTopic.topic", GREETINGS),
                Map.entry("bindery.functions.placeOrderFromTopic.pubsub", SECURED),
                Map.entry("bindery.functions.placeOrderFromTopic.topic", ORDERS),
                Map.entry("bindery.functions.greetFromPipeline.pubsub", PIPELINE),
                Map.entry("bindery.functions.greetFromPipeline.topic", PIPELINE_GREETINGS));
    }

    @Override
    public void stop() {
        if (cluster != null) {
            KafkaBroker.stopCluster(cluster);
        }
    }
}

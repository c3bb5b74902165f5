package dev.bindery.examples.invocation;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.bindery.examples.KafkaBroker;

/**
 * A Kafka broker (KRaft, its controller apart, so the broker alone can be stopped and started again) in the test JVM,
 * as the default pub/sub component, with resiliency policies on the component's publishes.
 */
public class RestartableKafka implements QuarkusTestResourceLifecycleManager {

    static KafkaClusterTestKit cluster;

    @Override
    public Map<String, String> start() {
        cluster = KafkaBroker.startCluster(false);
        // stores of their own: this test's application starts while another test's may still hold the default dirs
        return Map.of("bindery.state.default.data-dir", "target/test-state/publish-resiliency/default",
                "bindery.state.orders.data-dir", "target/test-state/publish-resiliency/orders",
                "bindery.pubsub.default.type", "kafka",
                "bindery.pubsub.default.bootstrap-servers", cluster.bootstrapServers(),
                "bindery.resiliency.timeouts.publish", "2s",
                "bindery.resiliency.retries.publishing.duration", "500ms",
                "bindery.resiliency.retries.publishing.max-retries", "20",
                "bindery.resiliency.targets.components.default.outbound.timeout", "publish",
                "bindery.resiliency.targets.components.default.outbound.retry", "publishing");
    }

    static void stopBroker() {
        cluster.brokers().values().forEach(server -> {
            server.shutdown();
            server.awaitShutdown();
        });
    }

    static void startBroker() throws Exception {
        cluster.brokers().values().forEach(server -> server.startup());
        cluster.waitForReadyBrokers();
    }

    @Override
    public void stop() {
        KafkaBroker.stopCluster(cluster);
    }
}

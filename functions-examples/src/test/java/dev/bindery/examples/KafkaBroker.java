package dev.bindery.examples;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a Kafka broker (KRaft) in the test JVM and points the default pub/sub component at it. */
public class KafkaBroker implements QuarkusTestResourceLifecycleManager {

    private KafkaClusterTestKit cluster;

    @Override
    public Map<String, String> start() {
        cluster = startCluster(true);
        return Map.of("bindery.pubsub.default.type", "kafka",
                "bindery.pubsub.default.bootstrap-servers", cluster.bootstrapServers());
    }

    /**
     * @param combined broker and controller in one node; false keeps the controller apart, so the broker alone can be
     *        stopped and started again
     * @return a started single-broker cluster
     */
    public static KafkaClusterTestKit startCluster(boolean combined) {
        try {
            KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(combined).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            started.format();
            started.startup();
            started.waitForReadyBrokers();
            return started;
        } catch (Exception e) {
            throw new IllegalStateException("The Kafka broker did not start", e);
        }
    }

    @Override
    public void stop() {
        stopCluster(cluster);
    }

    /** Stops a cluster {@link #startCluster} started. */
    public static void stopCluster(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

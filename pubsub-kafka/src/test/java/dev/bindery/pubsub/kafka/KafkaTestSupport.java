package dev.bindery.pubsub.kafka;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.cloudevents.CloudEvent;

import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;

/** What the Kafka tests share: an in-process KRaft cluster, waiting for a condition, a dispatcher made of a lambda. */
final class KafkaTestSupport {

    private KafkaTestSupport() {
    }

    /** Starts one broker and one controller (one combined node when {@code combined}), topics with the partitions. */
    static KafkaClusterTestKit startCluster(boolean combined, int partitions) throws Exception {
        return startCluster(combined, partitions, Map.of());
    }

    /** Starts a cluster as {@link #startCluster(boolean, int)} does, with more broker properties. */
    static KafkaClusterTestKit startCluster(boolean combined, int partitions, Map<String, String> broker)
            throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(combined).setNumBrokerNodes(1).setNumControllerNodes(1).build());
        broker.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", Integer.toString(partitions))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(90);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** @return a dispatcher that hands every event to the handler, whatever the function */
    static Dispatcher dispatcher(Function<CloudEvent, CompletionStage<Outcome>> handler) {
        return request -> handler.apply(request.event());
    }
}

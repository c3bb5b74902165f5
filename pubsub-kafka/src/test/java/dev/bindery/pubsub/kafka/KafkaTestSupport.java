package dev.bindery.pubsub.kafka;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.pubsub.SubscriptionDelivery;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.RetryPolicy;
import dev.bindery.testing.TestCertificates;

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
        return startCluster(new TestKitNodes.Builder().setCombined(combined), partitions, broker);
    }

    /**
     * Starts one combined node whose client listener speaks TLS only, serving the certificate's key store; the
     * controller listener stays plain, as it is not reached by clients. The test kit refuses an SSL broker protocol,
     * so the listener is mapped to SSL by its name.
     */
    static KafkaClusterTestKit startTlsCluster(TestCertificates certificates) throws Exception {
        return startCluster(new TestKitNodes.Builder().setCombined(true), 1, Map.of(
                "listener.security.protocol.map", "EXTERNAL:SSL,CONTROLLER:PLAINTEXT",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", certificates.keyStore().toString(),
                "ssl.keystore.password", certificates.password(),
                "ssl.key.password", certificates.password(),
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", certificates.trustStore().toString(),
                "ssl.truststore.password", certificates.password()));
    }

    private static KafkaClusterTestKit startCluster(TestKitNodes.Builder nodes, int partitions,
            Map<String, String> broker) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.setNumBrokerNodes(1)
                .setNumControllerNodes(1).build());
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
                throw new AssertionError("Timed out waiting for " + what + "; the Kafka threads:" + kafkaThreads());
            }
            Thread.sleep(50);
        }
    }

    /** The stacks of the subscriptions' consumer threads and the Kafka clients' threads, to tell where one hangs. */
    private static String kafkaThreads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("bindery-kafka") || thread.getName().startsWith("kafka")) {
                dump.append("\n\"").append(thread.getName()).append("\" ").append(thread.getState());
                for (StackTraceElement frame : stack) {
                    dump.append("\n    at ").append(frame);
                }
            }
        });
        return dump.toString();
    }

    /** Subscribes group {@code app} with a function that records each event's id and succeeds. */
    static PubSubBroker.Subscription recordIds(PubSubBroker broker, String component, String topic,
            Set<String> received) {
        return broker.subscribe(topic, "app", new SubscriptionDelivery(component, dispatcher(event -> {
            received.add(event.getId());
            return CompletableFuture.completedFuture(new Outcome.NoReply("recorder", false));
        }), broker, topic + "-dlq", RetryPolicy.DEFAULT, DeliveryListener.NONE));
    }

    /** @return a dispatcher that hands every event to the handler, whatever the function */
    static Dispatcher dispatcher(Function<CloudEvent, CompletionStage<Outcome>> handler) {
        return request -> handler.apply(request.event());
    }
}

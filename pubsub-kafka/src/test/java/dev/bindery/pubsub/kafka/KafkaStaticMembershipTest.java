package dev.bindery.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;

/**
 * An instance killed without leaving its consumer group (kill -9, an OOM kill) and started again with the same
 * identity ({@code instance-id}, by default, in a Kubernetes pod, its {@code HOSTNAME}) takes its partitions back at once, instead of
 * waiting for the dead member's session timeout (45 s by default). The killed run is a consumer of the same group with
 * the instance's static identity that closes without leaving, as a killed process does.
 */
class KafkaStaticMembershipTest {

    @Test
    void aRestartedInstanceResumesWithinSecondsNotAfterTheSessionTimeout() throws Exception {
        try (KafkaClusterTestKit cluster = KafkaTestSupport.startCluster(true, 2);
                PubSubBroker broker = new KafkaPubSubBrokerProvider()
                        .open(new BrokerSettings("orders", Duration.ofMillis(10000), Map.of("bootstrap-servers",
                                cluster.bootstrapServers(), "instance-id", "pod-0", "kafka.session.timeout.ms", "45000")))) {
            try (KafkaConsumer<String, byte[]> killed = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "app",
                    ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, KafkaSubscription.groupInstanceId("pod-0-orders", "events"),
                    ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000"), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                killed.subscribe(List.of("events"));
                KafkaTestSupport.await("the killed run to own the partitions", () -> {
                    killed.poll(Duration.ofMillis(100));
                    return killed.assignment().size() == 2;
                });
            } // a static member closes without leaving the group, like a killed process

            String id = new BrokerPublisher(broker, new ObjectMapper(), "/apps/test", Duration.ofSeconds(30))
                    .publish(PublishRequest.to("events").data("after the restart").build());
            Set<String> received = ConcurrentHashMap.newKeySet();
            long restarted = System.nanoTime();
            try (PubSubBroker.Subscription subscription = KafkaTestSupport.recordIds(broker, "orders", "events",
                    received)) {
                KafkaTestSupport.await("the first event after the restart", () -> received.contains(id));
                Duration resumed = Duration.ofNanos(System.nanoTime() - restarted);
                assertThat(resumed).as("restart to first event (the session timeout is 45 s)")
                        .isLessThan(Duration.ofSeconds(15));
            }
        }
    }
}

package dev.bindery.examples.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.management.ObjectName;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.bindery.examples.KafkaBroker;
import dev.bindery.pubsub.Publisher;
import dev.bindery.secrets.SecretRotated;
import dev.bindery.state.StateStore;

/**
 * A pub/sub component whose Kafka client configuration references a secret is rebuilt when the secret rotates: a new
 * producer and new consumers, made with the new value, while events keep flowing and none is lost. The referenced
 * property is the clients' {@code client.id}, which the Kafka clients show in their JMX names, so the test can see
 * which clients exist; a SASL password is referenced the same way.
 */
@QuarkusTest
@TestProfile(KafkaCredentialsRotationTest.WithRotatingClientId.class)
class KafkaCredentialsRotationTest {

    static final Path FILE = SecretFiles.DIR.resolve("kafka.json");

    /** Kafka for pub/sub, its client id from a watched secret file. */
    public static class WithRotatingClientId implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            SecretFiles.write(FILE, Map.of("kafka", Map.of("client-id", "bindery-before"),
                    "report-signing", Map.of("key", "test-signing-key")));
            return Map.of("bindery.state.default.data-dir", "target/test-state/kafka-rotation-default",
                    "bindery.state.orders.data-dir", "target/test-state/kafka-rotation-orders",
                    "bindery.secrets.local.path", FILE.toString(),
                    "bindery.secrets.local.watch-interval", "100ms",
                    "bindery.pubsub.default.kafka.client.id", "${secret:local/kafka#client-id}");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaBroker.class));
        }
    }

    @Inject
    Publisher publisher;

    @Inject
    StateStore state;

    @Test
    void aRotatedClientSettingRebuildsTheProducerAndConsumersWithoutLosingAnEvent() throws Exception {
        List<String> ids = new ArrayList<>();
        publish(ids, 50);
        Await.until("the first events tallied", Duration.ofSeconds(60),
                () -> ids.stream().allMatch(id -> state.get("tally/" + id).isPresent()));
        assertThat(producers()).contains("bindery-before");

        SecretFiles.write(FILE, Map.of("kafka", Map.of("client-id", "bindery-after"),
                "report-signing", Map.of("key", "test-signing-key")));
        Thread publishing = new Thread(() -> publish(ids, 200));
        publishing.start();
        Await.until("the rotation announced", Duration.ofSeconds(60),
                () -> SecretFunctions.ROTATED.contains(new SecretRotated("local", "kafka")));
        publishing.join();
        publish(ids, 50);

        Await.until("every event tallied", Duration.ofSeconds(60),
                () -> ids.stream().allMatch(id -> state.get("tally/" + id).isPresent()));
        assertThat(ids).hasSize(300);
        assertThat(producers()).as("the producer made with the new value").contains("bindery-after");
        assertThat(consumers()).as("the consumers made with the new value").contains("bindery-after");
    }

    private void publish(List<String> ids, int count) {
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            synchronized (ids) {
                ids.add(id);
            }
            publisher.publish("tallies", Map.of("id", id));
        }
    }

    private static List<String> producers() throws Exception {
        return clientIds("kafka.producer:type=producer-metrics,client-id=*");
    }

    private static List<String> consumers() throws Exception {
        return clientIds("kafka.consumer:type=consumer-metrics,client-id=*");
    }

    private static List<String> clientIds(String pattern) throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName(pattern), null).stream()
                .map(name -> name.getKeyProperty("client-id")).toList();
    }
}

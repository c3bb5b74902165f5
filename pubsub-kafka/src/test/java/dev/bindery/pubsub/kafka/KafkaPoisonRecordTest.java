package dev.bindery.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.internal.pubsub.SubscriptionDelivery;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.RetryPolicy;
import dev.bindery.testing.TestEvents;

/**
 * Records that are not readable events (the {@code events/kafka/unreadable-records.json} samples: an unknown spec
 * version, no id, a structured event that is not JSON) are failed deliveries like any other: each goes straight to the
 * dead-letter topic as a {@value DeadLetters#UNREADABLE_TYPE} event holding the record's bytes and the reason, its
 * offset is committed, and the event after it in the same partition is delivered. The function never sees them.
 */
class KafkaPoisonRecordTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void anUnreadableRecordIsDeadLetteredWithItsBytesAndReasonAndTheNextEventIsDelivered() throws Exception {
        try (KafkaClusterTestKit cluster = KafkaTestSupport.startCluster(true, 1);
                PubSubBroker broker = new KafkaPubSubBrokerProvider()
                        .open(new BrokerSettings("poison", Duration.ofMillis(10000), Map.of("bootstrap-servers",
                                cluster.bootstrapServers(), "redelivery-pause-ms", "50")))) {
            List<String> received = Collections.synchronizedList(new ArrayList<>());
            Dispatcher recorder = KafkaTestSupport.dispatcher(event -> {
                received.add(event.getId());
                return CompletableFuture.completedFuture(new Outcome.NoReply("recorder", false));
            });
            JsonNode samples = MAPPER.readTree(TestEvents.bytes("kafka/unreadable-records.json"));
            List<Long> offsets = new ArrayList<>();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()), new StringSerializer(),
                    new ByteArraySerializer())) {
                for (JsonNode sample : samples) {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>("orders", "k", sample.path("value")
                            .asText().getBytes(StandardCharsets.UTF_8));
                    sample.path("headers").properties().forEach(header -> record.headers().add(header.getKey(),
                            header.getValue().asText().getBytes(StandardCharsets.UTF_8)));
                    RecordMetadata sent = producer.send(record).get();
                    offsets.add(sent.offset());
                }
            }
            String valid = new BrokerPublisher(broker, MAPPER, "/apps/test", Duration.ofSeconds(30))
                    .publish(PublishRequest.to("orders").data(Map.of("order", 3)).orderingKey("k").build());

            try (PubSubBroker.Subscription subscription = broker.subscribe("orders", "app", new SubscriptionDelivery(
                    "poison", recorder, broker, "orders-dlq", RetryPolicy.DEFAULT, DeliveryListener.NONE))) {
                KafkaTestSupport.await("the event after the unreadable records", () -> received.contains(valid));
                assertThat(received).as("the function never sees an unreadable record").containsExactly(valid);

                List<CloudEvent> deadLetters = Collections.synchronizedList(new ArrayList<>());
                try (PubSubBroker.Subscription inspector = broker.subscribe("orders-dlq", "inspector", message -> {
                    deadLetters.add(message.event());
                    return CompletableFuture.completedFuture(null);
                })) {
                    KafkaTestSupport.await("a dead letter per unreadable record", () -> deadLetters.size() >= samples
                            .size());
                }
                for (int i = 0; i < samples.size(); i++) {
                    JsonNode sample = samples.get(i);
                    CloudEvent letter = deadLetters.get(i);
                    assertThat(letter.getType()).as(sample.path("name").asText()).isEqualTo(DeadLetters.UNREADABLE_TYPE);
                    assertThat(new String(letter.getData().toBytes(), StandardCharsets.UTF_8))
                            .isEqualTo(sample.path("value").asText());
                    assertThat(String.valueOf(letter.getExtension(DeadLetters.REASON))).isNotBlank()
                            .contains(sample.path("reason").asText());
                    assertThat(letter.getExtension(DeadLetters.ORIGIN)).isEqualTo("pubsub:orders#0/" + offsets.get(i));
                    assertThat(String.valueOf(letter.getExtension(DeadLetters.ATTEMPTS))).isEqualTo("1");
                }

                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers()))) {
                    KafkaTestSupport.await("every record committed", () -> {
                        try {
                            var committed = admin.listConsumerGroupOffsets("app").partitionsToOffsetAndMetadata()
                                    .get().get(new TopicPartition("orders", 0));
                            return committed != null && committed.offset() == samples.size() + 1;
                        } catch (Exception e) {
                            return false;
                        }
                    });
                }
            }
        }
    }
}

package dev.bindery.bindings.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The queue contract on a Kafka topic used as a queue, against a KRaft broker started in-process. */
class KafkaBindingTest extends QueueBindingContract {

    static KafkaClusterTestKit cluster;
    static String brokers;
    static Admin admin;

    @BeforeAll
    static void startKafka() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        brokers = cluster.bootstrapServers();
        admin = Admin.create(Map.of("bootstrap.servers", brokers));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        admin.close();
        cluster.close();
    }

    @Override
    String newQueue() throws Exception {
        String topic = super.newQueue();
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        return topic;
    }

    @Override
    String[] options(String queue) {
        return new String[]{"kafka", queue, "brokers", brokers};
    }

    @Override
    void send(String queue, String body) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(queue, "k1", body)).get();
        }
    }

    @Override
    List<String> receive(String queue, int expected) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> bodies = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(queue));
            TestHost.await(expected + " records on " + queue, () -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    bodies.add(record.value());
                }
                return bodies.size() >= expected;
            });
        }
        return bodies;
    }

    /** Records after the binding's committed offset (the consumer group is the application id). */
    @Override
    long unacknowledged(String queue) throws Exception {
        TopicPartition partition = new TopicPartition(queue, 0);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("tests")
                .partitionsToOffsetAndMetadata().get();
        long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
        OffsetAndMetadata offset = committed.get(partition);
        return end - (offset == null ? 0 : offset.offset());
    }

    @Override
    String scheme() {
        return "kafka";
    }
}

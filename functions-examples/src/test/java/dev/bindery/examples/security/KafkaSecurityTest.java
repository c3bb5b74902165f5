package dev.bindery.examples.security;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.examples.secrets.Await;

/**
 * The security stage on events arriving on Kafka: a record's {@code bindery-api-token} header authenticates it like
 * the HTTP header does, the access policy decides, and what is refused lands in the dead-letter topic with the reason
 * after one delivery; a component's {@code caller} option stands in for records that carry no credential.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaSecuritySetup.class, restrictToAnnotatedClass = true)
class KafkaSecurityTest {

    private static KafkaProducer<String, byte[]> producer;

    /**
     * Read when needed rather than injected: every {@code @QuarkusTest} class of the module is a bean of every test
     * application, and the others have no such property.
     */
    private static String servers() {
        return ConfigProvider.getConfig().getValue("bindery.pubsub." + KafkaSecuritySetup.SECURED
                + ".bootstrap-servers", String.class);
    }

    @BeforeAll
    static void clear() {
        TopicFunctions.RAN.clear();
    }

    @AfterAll
    static void close() {
        if (producer != null) {
            producer.close();
        }
    }

    /** Sends a CloudEvent in Kafka's binary mode, as any CloudEvents producer does, with extra record headers. */
    private String send(String topic, String type, String json, Map<String, String> headers) throws Exception {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", servers()), new StringSerializer(),
                    new ByteArraySerializer());
        }
        String id = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, id, json.getBytes(UTF_8));
        Map.of("ce_specversion", "1.0", "ce_id", id, "ce_source", "/kafka-security-test", "ce_type", type,
                "content-type", "application/json").forEach((name, value) -> record.headers().add(name, value.getBytes(UTF_8)));
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(UTF_8)));
        producer.send(record).get();
        return id;
    }

    private static String greeting() {
        return "{\"name\":\"Ada\"}";
    }

    /** @return the dead letter of the event, read from the dead-letter topic, once it is there */
    private Optional<CloudEvent> deadLetter(String topic, String id, Duration timeout) throws InterruptedException {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            Instant deadline = Instant.now().plus(timeout);
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                partitions = consumer.listTopics().getOrDefault(topic, List.of()).stream()
                        .map(info -> new TopicPartition(topic, info.partition())).toList();
                Thread.sleep(partitions.isEmpty() ? 100 : 0);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> letter : consumer.poll(Duration.ofMillis(200))) {
                    CloudEvent event = KafkaMessageFactory.createReader(letter).toEvent();
                    if (event.getId().equals(id)) {
                        return Optional.of(event);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String reason(CloudEvent letter) {
        return String.valueOf(letter.getExtension("dlqreason"));
    }

    @Test
    void anEventWithTheTokenOfACallerAllowedToRunTheFunctionReachesIt() throws Exception {
        String id = send(KafkaSecuritySetup.GREETINGS, "com.example.greeting", greeting(),
                Map.of("bindery-api-token", KafkaSecuritySetup.CALLER_A));

        Await.until("greetFromTopic ran", Duration.ofSeconds(30),
                () -> TopicFunctions.RAN.contains("greetFromTopic " + id + " token:caller-a"));
    }

    @Test
    void anEventTheCallerMayNotSendToTheFunctionIsDeadLetteredOnceWithTheReason() throws Exception {
        String id = send(KafkaSecuritySetup.ORDERS, "com.example.order.placed",
                "{\"item\":\"teapot\",\"quantity\":1}", Map.of("Authorization", "Bearer " + KafkaSecuritySetup.CALLER_A));

        CloudEvent letter = deadLetter(KafkaSecuritySetup.ORDERS + "-dlq", id, Duration.ofSeconds(30)).orElseThrow(
                () -> new AssertionError("no dead letter for " + id));
        assertThat(reason(letter)).contains("not allowed").doesNotContain("placeOrderFromTopic", "caller-a");
        // binary mode carries every extension as a string header
        assertThat(String.valueOf(letter.getExtension("dlqattempts"))).as("a denial is never retried").isEqualTo("1");
        assertThat(letter.getExtension("dlqorigin").toString()).startsWith("pubsub:" + KafkaSecuritySetup.ORDERS + "#");
        assertThat(letter.getExtensionNames()).as("no identity travels with the dead letter")
                .doesNotContain("authid", "authtype");
        assertThat(TopicFunctions.RAN).noneMatch(ran -> ran.contains(id));
    }

    @Test
    void anEventWithoutACredentialIsDeadLetteredAsUnauthenticated() throws Exception {
        String id = send(KafkaSecuritySetup.GREETINGS, "com.example.greeting", greeting(), Map.of());

        CloudEvent letter = deadLetter(KafkaSecuritySetup.GREETINGS + "-dlq", id, Duration.ofSeconds(30)).orElseThrow(
                () -> new AssertionError("no dead letter for " + id));
        assertThat(reason(letter)).contains("credential is required");
        assertThat(String.valueOf(letter.getExtension("dlqattempts"))).isEqualTo("1");
        assertThat(TopicFunctions.RAN).noneMatch(ran -> ran.contains(id));
    }

    @Test
    void onAComponentWithACallerAnEventWithoutACredentialPassesAsThatCallerButABadTokenDoesNot() throws Exception {
        String passes = send(KafkaSecuritySetup.PIPELINE_GREETINGS, "com.example.greeting", greeting(), Map.of());
        String refused = send(KafkaSecuritySetup.PIPELINE_GREETINGS, "com.example.greeting", greeting(),
                Map.of("bindery-api-token", "not-a-token"));

        Await.until("greetFromPipeline ran", Duration.ofSeconds(30), () -> TopicFunctions.RAN
                .contains("greetFromPipeline " + passes + " principal:" + KafkaSecuritySetup.PIPELINE_CALLER));
        CloudEvent letter = deadLetter(KafkaSecuritySetup.PIPELINE_GREETINGS + "-dlq", refused, Duration.ofSeconds(30))
                .orElseThrow(() -> new AssertionError("no dead letter for " + refused));
        assertThat(reason(letter)).contains("not valid");
        assertThat(TopicFunctions.RAN).noneMatch(ran -> ran.contains(refused));
    }
}

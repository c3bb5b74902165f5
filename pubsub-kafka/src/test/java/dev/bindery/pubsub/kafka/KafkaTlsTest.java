package dev.bindery.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.pubsub.PublishException;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.testing.TestCertificates;

/**
 * Pub/sub to a broker that speaks TLS only: the component's {@code kafka.*} options ({@code security.protocol},
 * {@code ssl.truststore.*}) reach its producer, consumers and admin client as they are, so events go both ways over
 * TLS; without the trust store the handshake fails and a publish says so.
 */
class KafkaTlsTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.in(TestCertificates.perRun("kafka"));
    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startKafka() throws Exception {
        cluster = KafkaTestSupport.startTlsCluster(CERTIFICATES);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aComponentThatTrustsTheBrokersCertificatePublishesAndConsumesOverTls() throws Exception {
        try (PubSubBroker broker = open(Map.of("kafka.ssl.truststore.type", "PKCS12",
                "kafka.ssl.truststore.location", CERTIFICATES.trustStore().toString(),
                "kafka.ssl.truststore.password", CERTIFICATES.password()))) {
            String id = publisher(broker).publish(PublishRequest.to("secured").data("over TLS").build());

            Set<String> received = ConcurrentHashMap.newKeySet();
            try (PubSubBroker.Subscription subscription = KafkaTestSupport.recordIds(broker, "tls", "secured",
                    received)) {
                KafkaTestSupport.await("the event published over TLS", () -> received.contains(id));
            }
            assertThat(received).containsExactly(id);
        }
    }

    @Test
    void aComponentWithoutTheTrustStoreFailsTheHandshake() {
        try (PubSubBroker broker = open(Map.of())) {
            assertThatThrownBy(() -> publisher(broker).publish("secured", "refused"))
                    .isInstanceOf(PublishException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    /** A component of type kafka with {@code kafka.security.protocol=SSL} and the given options. */
    private static PubSubBroker open(Map<String, String> tls) {
        Map<String, String> options = new HashMap<>(tls);
        options.put("bootstrap-servers", cluster.bootstrapServers());
        options.put("kafka.security.protocol", "SSL");
        options.put("kafka.max.block.ms", "5000");
        return new KafkaPubSubBrokerProvider().open(new BrokerSettings("tls", Duration.ofSeconds(5), options));
    }

    private static BrokerPublisher publisher(PubSubBroker broker) {
        return new BrokerPublisher(broker, new ObjectMapper(), "/apps/test", Duration.ofSeconds(5));
    }
}

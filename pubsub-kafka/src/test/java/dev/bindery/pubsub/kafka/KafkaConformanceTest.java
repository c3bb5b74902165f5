package dev.bindery.pubsub.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.testing.PubSubConformance;

/** The transport conformance contract on a real Kafka broker (KRaft, one combined node) started in this JVM. */
class KafkaConformanceTest extends PubSubConformance {

    private static KafkaClusterTestKit cluster;
    private static PubSubBroker broker;

    @BeforeAll
    static void startKafka() throws Exception {
        cluster = KafkaTestSupport.startCluster(true, 2);
        broker = new KafkaPubSubBrokerProvider().open(new BrokerSettings("conformance", Duration.ofSeconds(10),
                Map.of("bootstrap-servers", cluster.bootstrapServers(), "redelivery-pause-ms", "50")));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        // closed in reverse order, the broker's clients first; a null (a failed start) is skipped
        try (KafkaClusterTestKit started = cluster; PubSubBroker open = broker) {
            cluster = null;
            broker = null;
        }
    }

    @Override
    protected PubSubBroker broker() {
        return broker;
    }
}

package dev.bindery.pubsub.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.testing.PubSubContract;

/** The pub/sub contract on a real Kafka broker (KRaft, combined broker and controller) started in this JVM. */
class KafkaPubSubTest extends PubSubContract {

    private static KafkaClusterTestKit cluster;
    private static PubSubBroker broker;

    @BeforeAll
    static void startKafka() throws Exception {
        cluster = KafkaTestSupport.startCluster(true, 4);
        broker = new KafkaPubSubBrokerProvider()
                .open(new BrokerSettings("contract", Duration.ofSeconds(10), Map.of("bootstrap-servers",
                        cluster.bootstrapServers(), "redelivery-pause-ms", "50", "kafka.session.timeout.ms", "10000")));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected PubSubBroker broker() {
        return broker;
    }
}

package dev.bindery.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.pubsub.PublishException;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;

/** With no broker listening, a publish fails with a clear error once the publish timeout is up. */
class KafkaUnreachableTest {

    @Test
    void aPublishToAnUnreachableBrokerFailsAfterTheTimeout() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (PubSubBroker broker = new KafkaPubSubBrokerProvider().open(new BrokerSettings("down", Duration.ofMillis(1500),
                Map.of("bootstrap-servers", "127.0.0.1:" + port)))) {
            BrokerPublisher publisher = new BrokerPublisher(broker, new ObjectMapper(), "/apps/test",
                    Duration.ofMillis(1500));
            long start = System.nanoTime();
            assertThatThrownBy(() -> publisher.publish("orders", "x"))
                    .isInstanceOf(PublishException.class)
                    .hasMessageContaining("topic 'orders'");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }
}

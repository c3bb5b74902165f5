package dev.bindery.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.internal.pubsub.SubscriptionDelivery;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.RetryPolicy;

/**
 * The broker stops and starts again while a subscription consumes: the same subscription resumes by itself (no
 * restart of anything on the host's side), and every event published before and after arrives.
 */
class KafkaBrokerRestartTest {

    @Test
    void consumptionResumesAfterTheBrokerRestartsAndNothingIsLost() throws Exception {
        try (KafkaClusterTestKit cluster = KafkaTestSupport.startCluster(false, 2)) {
            try (PubSubBroker broker = new KafkaPubSubBrokerProvider()
                    .open(new BrokerSettings("restart", Duration.ofSeconds(30),
                            Map.of("bootstrap-servers", cluster.bootstrapServers(), "redelivery-pause-ms", "50")))) {
                Set<String> received = Collections.synchronizedSet(new HashSet<>());
                Dispatcher recorder = KafkaTestSupport.dispatcher(event -> {
                    received.add(event.getId());
                    return CompletableFuture.completedFuture(new Outcome.NoReply("recorder", false));
                });
                BrokerPublisher publisher = new BrokerPublisher(broker, new ObjectMapper(), "/apps/test",
                        Duration.ofSeconds(30));
                try (PubSubBroker.Subscription subscription = broker.subscribe("events", "app",
                        new SubscriptionDelivery("default", recorder, broker, "events-dlq", RetryPolicy.DEFAULT,
                                DeliveryListener.NONE))) {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        ids.add(publisher.publish(PublishRequest.to("events").data(i).orderingKey("k" + i % 2).build()));
                    }
                    KafkaTestSupport.await("the first events", () -> received.containsAll(ids));

                    cluster.brokers().values().forEach(server -> {
                        server.shutdown();
                        server.awaitShutdown();
                    });
                    cluster.brokers().values().forEach(server -> server.startup());
                    cluster.waitForReadyBrokers();

                    for (int i = 50; i < 100; i++) {
                        ids.add(publisher.publish(PublishRequest.to("events").data(i).orderingKey("k" + i % 2).build()));
                    }
                    KafkaTestSupport.await("every event after the restart", () -> received.containsAll(ids));
                    assertThat(received).containsAll(ids);
                }
            }
        }
    }
}

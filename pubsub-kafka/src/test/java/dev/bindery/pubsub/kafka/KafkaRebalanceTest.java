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
import java.util.concurrent.atomic.AtomicInteger;

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
 * A second member joins the consumer group mid-stream, then the first one leaves: the partitions move twice, what was
 * processed is committed before they go, and every event is processed, with duplicates only for events in flight.
 */
class KafkaRebalanceTest {

    @Test
    void rebalancesLoseNothingAndRedeliverLittle() throws Exception {
        try (KafkaClusterTestKit cluster = KafkaTestSupport.startCluster(true, 4)) {
            try (PubSubBroker broker = new KafkaPubSubBrokerProvider()
                    .open(new BrokerSettings("rebalance", Duration.ofSeconds(10),
                            Map.of("bootstrap-servers", cluster.bootstrapServers(), "redelivery-pause-ms", "50")))) {
                Set<String> processed = Collections.synchronizedSet(new HashSet<>());
                AtomicInteger deliveries = new AtomicInteger();
                Dispatcher slowly = KafkaTestSupport.dispatcher(event -> {
                    deliveries.incrementAndGet();
                    processed.add(event.getId());
                    return CompletableFuture.supplyAsync(() -> new Outcome.NoReply("slow", false),
                            CompletableFuture.delayedExecutor(2, java.util.concurrent.TimeUnit.MILLISECONDS));
                });
                SubscriptionDelivery delivery = new SubscriptionDelivery("default", slowly, broker, "events-dlq",
                        RetryPolicy.DEFAULT, DeliveryListener.NONE);
                BrokerPublisher publisher = new BrokerPublisher(broker, new ObjectMapper(), "/apps/test",
                        Duration.ofSeconds(30));
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    ids.add(publisher.publish(PublishRequest.to("events").data(i).orderingKey("k" + i % 8).build()));
                }

                PubSubBroker.Subscription first = broker.subscribe("events", "app", delivery);
                KafkaTestSupport.await("the first member to start", () -> processed.size() > 100);
                PubSubBroker.Subscription second = broker.subscribe("events", "app", delivery);
                KafkaTestSupport.await("more events", () -> processed.size() > 800);
                first.close();
                KafkaTestSupport.await("every event", () -> processed.containsAll(ids));
                second.close();

                assertThat(processed).containsAll(ids);
                assertThat(deliveries.get() - ids.size()).as("redeliveries").isLessThan(50);
            }
        }
    }
}

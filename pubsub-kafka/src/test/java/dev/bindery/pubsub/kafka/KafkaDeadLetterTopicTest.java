package dev.bindery.pubsub.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.internal.pubsub.SubscriptionDelivery;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.RetryPolicy;

/**
 * On a cluster that does not create topics on first use, the dead-letter topic is created by the host
 * ({@link PubSubBroker#ensureTopic}, the admin client) so a rejected event reaches it; where it cannot be created, the
 * reason names the topic.
 */
class KafkaDeadLetterTopicTest {

    @Test
    void theMissingDeadLetterTopicIsCreatedSoDeadLettersArrive() throws Exception {
        try (KafkaClusterTestKit cluster = KafkaTestSupport.startCluster(true, 1, Map.of("auto.create.topics.enable",
                "false"));
                PubSubBroker broker = new KafkaPubSubBrokerProvider().open(new BrokerSettings("dlq", Duration.ofMillis(5000),
                        Map.of("bootstrap-servers",
                                cluster.bootstrapServers(), "instance-id", "")));
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", Optional.empty(), Optional.empty()))).all().get();

            broker.ensureTopic("events-dlq");
            broker.ensureTopic("events-dlq");

            assertThat(admin.listTopics().names().get()).contains("events-dlq");
            String id = new BrokerPublisher(broker, new ObjectMapper(), "/apps/test", Duration.ofSeconds(5))
                    .publish(PublishRequest.to("events").data("not an order").build());
            List<CloudEvent> deadLetters = Collections.synchronizedList(new ArrayList<>());
            try (PubSubBroker.Subscription subscription = broker.subscribe("events", "app", new SubscriptionDelivery(
                    "dlq", KafkaTestSupport.dispatcher(event -> CompletableFuture.completedFuture(
                            new Outcome.Rejected("orders", "not an order", null, null))),
                    broker, "events-dlq",
                    RetryPolicy.DEFAULT, DeliveryListener.NONE));
                    PubSubBroker.Subscription inspector = broker.subscribe("events-dlq", "inspector", message -> {
                        deadLetters.add(message.event());
                        return CompletableFuture.completedFuture(null);
                    })) {
                KafkaTestSupport.await("the dead letter", () -> !deadLetters.isEmpty());
            }
            assertThat(deadLetters.get(0).getId()).isEqualTo(id);
            assertThat(deadLetters.get(0).getExtension(DeadLetters.REASON)).isEqualTo("not an order");
        }
    }

    @Test
    void aTopicThatCannotBeCreatedIsNamedWithTheReason() {
        try (PubSubBroker broker = new KafkaPubSubBrokerProvider()
                .open(new BrokerSettings("dlq", Duration.ofMillis(1000), Map.of("bootstrap-servers",
                        "127.0.0.1:1", "instance-id", "")))) {
            assertThatThrownBy(() -> broker.ensureTopic("events-dlq")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'events-dlq'").hasMessageContaining("could not be created");
        }
    }
}

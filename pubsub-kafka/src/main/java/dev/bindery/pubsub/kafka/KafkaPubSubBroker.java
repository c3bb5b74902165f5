package dev.bindery.pubsub.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;

import dev.bindery.spi.pubsub.PubSubBroker;

/**
 * A {@link PubSubBroker} on Kafka. Events travel in Kafka's binary CloudEvents mode ({@code ce_} headers, data as
 * the record value) through the CloudEvents SDK's Kafka binding, keyed by the ordering key so one key stays in one
 * partition. The producer is idempotent and waits for all in-sync replicas. Each subscription runs its own consumer
 * (see {@link KafkaSubscription}).
 */
public final class KafkaPubSubBroker implements PubSubBroker {

    private final Map<String, String> clientConfig;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration redeliveryPause;
    private final String instanceId;
    /** Subscriptions made so far, per topic and group: each member of a group needs its own static identity. */
    private final ConcurrentMap<String, AtomicInteger> subscribed = new ConcurrentHashMap<>();

    /**
     * @param clientConfig Kafka client properties shared by the producer and consumers (bootstrap servers, security)
     * @param redeliveryPause how long a partition waits before an event whose delivery failed comes again
     */
    public KafkaPubSubBroker(Map<String, String> clientConfig, Duration redeliveryPause) {
        this(clientConfig, redeliveryPause, null);
    }

    /**
     * @param instanceId a stable identity of this instance (and component) that survives its restarts, such as the pod
     *        name: its consumers are static members of their groups ({@code group.instance.id} is this, the topic, and
     *        a counter when one topic has several subscriptions here), so a restarted instance takes its partitions
     *        back at once instead of after the dead member's session timeout; null for dynamic membership
     */
    public KafkaPubSubBroker(Map<String, String> clientConfig, Duration redeliveryPause, String instanceId) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.redeliveryPause = redeliveryPause;
        this.instanceId = instanceId;
        Properties producerConfig = new Properties();
        producerConfig.putAll(clientConfig);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw,
            Map<String, String> metadata) {
        ProducerRecord<String, byte[]> record = raw
                ? new ProducerRecord<>(topic, key, event.getData() == null ? new byte[0] : event.getData().toBytes())
                : KafkaMessageFactory.createWriter(topic, key).writeBinary(event);
        metadata.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            producer.send(record, (ignored, failure) -> {
                if (failure == null) {
                    sent.complete(null);
                } else {
                    sent.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    /** Creates the topic with the cluster's default partitions and replication when it is not there (admin client). */
    @Override
    public void ensureTopic(String topic) {
        long timeout = Long.parseLong(clientConfig.getOrDefault(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000"));
        Admin admin = Admin.create(Map.<String, Object>copyOf(clientConfig));
        try {
            if (admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeout)).names()
                    .get(timeout, TimeUnit.MILLISECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())),
                    new CreateTopicsOptions().timeoutMs((int) timeout)).all().get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw cannotCreate(topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw cannotCreate(topic, new TimeoutException("the cluster did not answer within " + timeout + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cannotCreate(topic, e);
        } finally {
            admin.close(Duration.ofMillis(timeout));
        }
    }

    private static IllegalStateException cannotCreate(String topic, Throwable cause) {
        return new IllegalStateException("Kafka topic '" + topic + "' is missing and could not be created (" + cause
                + "): create it, or allow this application to (ACL CREATE)", cause);
    }

    @Override
    public Subscription subscribe(String topic, String group, Delivery delivery) {
        String groupInstanceId = null;
        if (instanceId != null) {
            int nth = subscribed.computeIfAbsent(topic + "\u0000" + group, key -> new AtomicInteger()).incrementAndGet();
            groupInstanceId = KafkaSubscription.groupInstanceId(instanceId, topic) + (nth == 1 ? "" : "-" + nth);
        }
        return KafkaSubscription.start(clientConfig, topic, group, groupInstanceId, delivery, redeliveryPause);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

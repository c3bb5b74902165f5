package dev.bindery.bindings.camel.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * How many messages wait at an input binding's source, asked of the source itself at most every 5 s (a gauge read
 * between two asks gets the last answer; -1 when the source could not be asked). Kafka: per partition of the topic, the
 * log end offset minus the binding's consumer group's committed offset (an admin client's two requests); SQS: the
 * queue's approximate visible plus in-flight messages (GetQueueAttributes). Other kinds have none.
 */
abstract class BindingLag implements LongSupplier, AutoCloseable {

    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    private long askedAt = System.nanoTime() - INTERVAL_NANOS;
    private long last = -1;

    /** @return the binding's lag source, for the kinds that have one; call after its route started */
    static Optional<BindingLag> of(BindingSpec spec, CamelContext context, String routeId, String appId) {
        return switch (spec.kind()) {
            case KAFKA -> Optional.of(new KafkaLag(spec.option("brokers").orElseThrow(), spec.target(),
                    spec.option("group").orElse(appId)));
            case SQS -> context.getRoute(routeId).getEndpoint() instanceof Sqs2Endpoint sqs
                    ? Optional.of(new SqsLag(sqs.getClient(), spec.target()))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    @Override
    public synchronized long getAsLong() {
        long now = System.nanoTime();
        if (now - askedAt >= INTERVAL_NANOS) {
            askedAt = now;
            try {
                last = ask();
            } catch (Exception e) {
                last = -1;
            }
        }
        return last;
    }

    abstract long ask() throws Exception;

    @Override
    public void close() {
    }

    private static final class KafkaLag extends BindingLag {
        private final String brokers;
        private final String topic;
        private final String group;
        /** Made when the lag is first asked for, so an application nobody scrapes starts no admin client. */
        private Admin admin;

        KafkaLag(String brokers, String topic, String group) {
            this.brokers = brokers;
            this.topic = topic;
            this.group = group;
        }

        @Override
        long ask() throws Exception {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                        AdminClientConfig.CLIENT_ID_CONFIG, "bindery-lag-" + group + "-" + topic));
            }
            long timeout = ASK_TIMEOUT.toMillis();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
                    .get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            latest.keySet().stream().filter(p -> committed.get(p) == null)
                    .forEach(p -> earliest.put(p, OffsetSpec.earliest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(timeout, TimeUnit.MILLISECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> starts = earliest.isEmpty()
                    ? Map.of()
                    : admin.listOffsets(earliest).all().get(timeout, TimeUnit.MILLISECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                long from = done != null ? done.offset() : starts.get(end.getKey()).offset();
                lag += Math.max(0, end.getValue().offset() - from);
            }
            return lag;
        }

        @Override
        public synchronized void close() {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
            }
        }
    }

    private static final class SqsLag extends BindingLag {
        private final SqsClient client;
        private final String queue;
        private String queueUrl;

        SqsLag(SqsClient client, String queue) {
            this.client = client;
            this.queue = queue;
        }

        @Override
        long ask() {
            if (queueUrl == null) {
                queueUrl = queue.startsWith("https://") || queue.startsWith("http://")
                        ? queue
                        : client.getQueueUrl(r -> r.queueName(queue)).queueUrl();
            }
            Map<QueueAttributeName, String> attributes = client.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributes();
            return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                    + Long.parseLong(attributes.getOrDefault(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
        }
    }
}

package dev.bindery.bindings.camel.kafka.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import dev.bindery.bindings.camel.kind.BindingLag;

/**
 * A Kafka input's lag: per partition of the topic, the log end offset minus the consumer group's committed offset (the
 * earliest offset where the group has committed none), asked with an admin client.
 */
final class KafkaLag extends BindingLag {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

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
    protected long ask() throws Exception {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "bindery-lag-" + group + "-" + topic));
        }
        long timeout = ASK_TIMEOUT.toMillis();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
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
            admin.close(ASK_TIMEOUT);
        }
    }
}

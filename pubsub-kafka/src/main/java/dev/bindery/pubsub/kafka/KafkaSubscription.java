package dev.bindery.pubsub.kafka;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import dev.bindery.spi.pubsub.PubSubBroker.Delivery;
import dev.bindery.spi.pubsub.PubSubBroker.Message;
import dev.bindery.spi.pubsub.PubSubBroker.Subscription;
import dev.bindery.spi.pubsub.PubSubBroker.Unreadable;
import dev.bindery.spi.support.RawEvents;

/**
 * One subscription's consumer, on its own thread (Kafka consumers are single-threaded); a consumer that fails is
 * replaced with backoff (see {@link #start}). Partitions are processed
 * concurrently, each one event at a time: a partition with an event in flight is paused, so a slow or retrying event
 * holds back only its own partition. An event's offset is committed when its delivery completes normally; when it
 * completes exceptionally the consumer seeks back to it and delivers it again after a pause. On a rebalance and on
 * close, what completed is committed before the partitions go.
 */
final class KafkaSubscription implements Subscription, ConsumerRebalanceListener {

    private record Done(TopicPartition partition, long offset, boolean ok) {
    }

    private static final System.Logger LOG = System.getLogger(KafkaSubscription.class.getName());
    /** The first pause before a failed consumer is started again; it doubles (with jitter) up to the maximum. */
    static final Duration RESTART_INITIAL_DELAY = Duration.ofSeconds(1);
    static final Duration RESTART_MAX_DELAY = Duration.ofSeconds(30);

    private final Properties config;
    private final String topic;
    private final String group;
    private final Delivery delivery;
    private final Duration redeliveryPause;
    private final Map<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> buffers = new HashMap<>();
    /** The offset of the event in flight, per partition. */
    private final Map<TopicPartition, Long> inFlight = new HashMap<>();
    private final Map<TopicPartition, Instant> holdUntil = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();
    /** The one thread the consumers run on, one after the other (Kafka consumers are single-threaded). */
    private final ExecutorService thread;
    private Cancellable consuming;
    /** The consumer running now, or the last one. */
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    /** Why the subscription is not consuming now, or null while it is. */
    private volatile String failure;
    private static final long LAG_INTERVAL_NANOS = 5_000_000_000L;
    private volatile long lag = -1;
    private long lagMeasuredAt;

    private KafkaSubscription(Map<String, String> clientConfig, String topic, String group, String groupInstanceId,
            Delivery delivery, Duration redeliveryPause) {
        this.config = new Properties();
        config.putAll(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        if (groupInstanceId != null) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId);
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.topic = topic;
        this.group = group;
        this.delivery = delivery;
        this.redeliveryPause = redeliveryPause;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread consumerThread = new Thread(task, "bindery-kafka-" + topic + "-" + group);
            consumerThread.setDaemon(true);
            return consumerThread;
        });
    }

    /**
     * Starts consuming on the subscription's thread. A consumer that fails (an error the Kafka client does not retry
     * itself, such as a commit that timed out) is logged, reported by {@link #failure()}, and replaced by a new one
     * after a backoff (Mutiny: exponential with jitter, from {@link #RESTART_INITIAL_DELAY} to
     * {@link #RESTART_MAX_DELAY}), which resumes from the committed offsets.
     *
     * @param groupInstanceId the consumer's static identity in its group, or null for dynamic membership
     */
    static KafkaSubscription start(Map<String, String> clientConfig, String topic, String group,
            String groupInstanceId, Delivery delivery, Duration redeliveryPause) {
        KafkaSubscription subscription = new KafkaSubscription(clientConfig, topic, group, groupInstanceId, delivery,
                redeliveryPause);
        subscription.consuming = Uni.createFrom().item(() -> {
            subscription.consume();
            return true;
        })
                .runSubscriptionOn(subscription.thread)
                .onFailure().invoke(subscription::failed)
                .onFailure(failed -> subscription.running).retry()
                .withBackOff(RESTART_INITIAL_DELAY, RESTART_MAX_DELAY).indefinitely()
                .subscribe().with(closed -> {
                }, closing -> {
                });
        return subscription;
    }

    /** Runs one consumer until the subscription closes (returns) or the consumer fails (throws). */
    private void consume() {
        KafkaConsumer<String, byte[]> current = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer = current;
        buffers.clear();
        inFlight.clear();
        holdUntil.clear();
        toCommit.clear();
        try {
            current.subscribe(List.of(topic), this);
            while (running) {
                // deliveries that complete at once are settled in this loop, without waiting for a poll
                boolean progressed;
                do {
                    progressed = settleCompleted() | startDeliveries();
                } while (progressed && running);
                commit();
                pauseBusyPartitions();
                Duration wait = inFlight.isEmpty() && holdUntil.isEmpty() ? Duration.ofMillis(50) : Duration.ofMillis(1);
                for (ConsumerRecord<String, byte[]> record : current.poll(wait)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    buffers.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(record);
                }
                if (failure != null && current.groupMetadata().generationId() > 0) {
                    failure = null;
                    LOG.log(Level.INFO, "The consumer of topic ''{0}'' (group ''{1}'') runs again", topic, group);
                }
                measureLag();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            // close() woke the poll
        } finally {
            drainInFlight();
            try {
                // closing for good hands the partitions over at once; a failed consumer's replacement (a static member
                // with the same identity) takes them back without a rebalance
                current.close(CloseOptions.timeout(Duration.ofSeconds(5)).withGroupMembershipOperation(running
                        ? CloseOptions.GroupMembershipOperation.DEFAULT
                        : CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Closing the consumer of topic '" + topic + "' failed", e);
            }
        }
    }

    /** The consumer failed: reported (readiness, the log) until a restarted one has joined its group again. */
    private void failed(Throwable cause) {
        if (!running) {
            return;
        }
        lag = -1;
        failure = "The consumer of topic '" + topic + "' (group '" + group + "') failed and restarts with backoff: "
                + cause;
        LOG.log(Level.ERROR, failure, cause);
    }

    /** @return the static identity of the consumer of the topic of an instance ({@code <instance>-<topic>}) */
    static String groupInstanceId(String instanceId, String topic) {
        return instanceId + "-" + topic;
    }

    @Override
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * The lag, every 5 s (a ListOffsets request costs the poll loop a round trip, and more often measurably slowed
     * delivery): per assigned partition, the log end offset (one request) minus the offset of the
     * next event to process here (in flight, buffered, or the fetch position).
     */
    private void measureLag() {
        long now = System.nanoTime();
        if (now - lagMeasuredAt < LAG_INTERVAL_NANOS) {
            return;
        }
        lagMeasuredAt = now;
        try {
            Set<TopicPartition> assigned = consumer.assignment();
            long total = 0;
            for (Map.Entry<TopicPartition, Long> end : consumer.endOffsets(assigned, Duration.ofMillis(500)).entrySet()) {
                TopicPartition partition = end.getKey();
                Long next = inFlight.get(partition);
                Deque<ConsumerRecord<String, byte[]>> buffer = buffers.get(partition);
                if (next == null && buffer != null && !buffer.isEmpty()) {
                    next = buffer.peek().offset();
                }
                if (next == null) {
                    next = consumer.position(partition, Duration.ofMillis(500));
                }
                total += Math.max(0, end.getValue() - next);
            }
            lag = total;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            lag = -1; // unknown until measured again, never a stale number
        }
    }

    @Override
    public long lag() {
        return failure == null ? lag : -1;
    }

    /** @return whether any delivery was settled */
    private boolean settleCompleted() {
        boolean any = false;
        Done completion;
        while ((completion = done.poll()) != null) {
            any = true;
            TopicPartition partition = completion.partition();
            if (!inFlight.remove(partition, completion.offset())) {
                continue; // revoked meanwhile (perhaps assigned back since): its new owner delivers it again
            }
            if (completion.ok()) {
                toCommit.put(partition, new OffsetAndMetadata(completion.offset() + 1));
            } else {
                Deque<ConsumerRecord<String, byte[]>> buffer = buffers.get(partition);
                if (buffer != null) {
                    buffer.clear();
                }
                consumer.seek(partition, completion.offset());
                holdUntil.put(partition, Instant.now().plus(redeliveryPause));
            }
        }
        return any;
    }

    private void commit() {
        if (!toCommit.isEmpty()) {
            consumer.commitSync(Map.copyOf(toCommit));
            toCommit.clear();
        }
    }

    /** @return whether any delivery was started */
    private boolean startDeliveries() {
        boolean any = false;
        Instant now = Instant.now();
        for (Map.Entry<TopicPartition, Deque<ConsumerRecord<String, byte[]>>> entry : buffers.entrySet()) {
            TopicPartition partition = entry.getKey();
            Instant hold = holdUntil.get(partition);
            if (inFlight.containsKey(partition) || entry.getValue().isEmpty() || (hold != null && now.isBefore(hold))) {
                continue;
            }
            holdUntil.remove(partition);
            ConsumerRecord<String, byte[]> record = entry.getValue().poll();
            inFlight.put(partition, record.offset());
            any = true;
            try {
                delivery.deliver(toMessage(record)).whenComplete((ignored, failure) -> done.add(new Done(partition,
                        record.offset(), failure == null)));
            } catch (RuntimeException e) {
                done.add(new Done(partition, record.offset(), false));
            }
        }
        return any;
    }

    /** Pauses the partitions with work buffered or in flight, so polling does not run ahead of them. */
    private void pauseBusyPartitions() {
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition partition : consumer.assignment()) {
            Deque<ConsumerRecord<String, byte[]>> buffer = buffers.get(partition);
            boolean busy = inFlight.containsKey(partition) || (buffer != null && !buffer.isEmpty())
                    || holdUntil.containsKey(partition);
            (busy ? pause : resume).add(partition);
        }
        consumer.pause(pause);
        consumer.resume(resume);
    }

    private static boolean isCloudEvent(ConsumerRecord<String, byte[]> record) {
        return record.headers().lastHeader("ce_specversion") != null || (record.headers().lastHeader("content-type") != null
                && new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8).startsWith(
                        "application/cloudevents"));
    }

    /**
     * @return the record as an event carrying the credential of its headers ({@link KafkaRecordCredentials}), or as an
     *         unreadable message when its CloudEvents headers or body are invalid
     */
    private static Message toMessage(ConsumerRecord<String, byte[]> record) {
        Message message = toEvent(record);
        return message.unreadable() == null
                ? message.withCredentials(KafkaRecordCredentials.of(record.headers()))
                : message;
    }

    private static Message toEvent(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        if (!isCloudEvent(record)) {
            return new Message(record.topic(), record.partition(), record.offset(), record.key(),
                    RawEvents.wrap(record.topic(), record.partition(), record.offset(), value), true);
        }
        try {
            CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
            return new Message(record.topic(), record.partition(), record.offset(), record.key(), event, false);
        } catch (RuntimeException e) {
            Header contentType = record.headers().lastHeader("content-type");
            return Message.unreadable(record.topic(), record.partition(), record.offset(), record.key(),
                    new Unreadable(value, contentType == null
                            ? null
                            : new String(contentType.value(),
                                    StandardCharsets.UTF_8),
                            String.valueOf(e.getMessage())));
        }
    }

    /** Waits briefly for events in flight, so what finished is committed before the consumer closes. */
    private void drainInFlight() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!inFlight.isEmpty() && Instant.now().isBefore(deadline)) {
            Done completion = done.poll();
            if (completion == null) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                continue;
            }
            if (inFlight.remove(completion.partition(), completion.offset()) && completion.ok()) {
                toCommit.put(completion.partition(), new OffsetAndMetadata(completion.offset() + 1));
            }
        }
        try {
            commit();
        } catch (RuntimeException e) {
            // not committed: those events are delivered again, which at-least-once allows
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        settleCompleted();
        Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = toCommit.remove(partition);
            if (offset != null) {
                revoked.put(partition, offset);
            }
            buffers.remove(partition);
            inFlight.remove(partition);
            holdUntil.remove(partition);
        }
        if (!revoked.isEmpty()) {
            consumer.commitSync(revoked);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // deliveries start from the committed offsets
    }

    @Override
    public void close() {
        running = false;
        consuming.cancel(); // no restart after this
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.shutdown();
        try {
            thread.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

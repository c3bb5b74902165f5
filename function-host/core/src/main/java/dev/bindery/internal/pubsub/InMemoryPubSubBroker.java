package dev.bindery.internal.pubsub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.cloudevents.CloudEvent;

import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.RawEvents;

/**
 * A {@link PubSubBroker} in this process's memory, for local runs and tests: each topic has a fixed number of
 * partitions, each an append-only log; each consumer group keeps a committed offset per partition, and one thread per
 * subscribed partition delivers its events in order. A failed delivery is retried from the same offset after a pause.
 * Nothing survives a restart of the process. Only this process can publish to it, so every event it delivers was sent
 * by this application: it carries the credential the broker was given for that ({@code Credentials.verified} with the
 * application as the caller, see {@link InMemoryPubSubBrokerProvider}).
 */
public final class InMemoryPubSubBroker implements PubSubBroker {

    private final int partitions;
    private final Duration redeliveryPause;
    private final Map<String, Topic> topics = new ConcurrentHashMap<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Credentials sender;

    /** A broker whose events carry no credential. */
    public InMemoryPubSubBroker(int partitions, Duration redeliveryPause) {
        this(partitions, redeliveryPause, Credentials.none());
    }

    /**
     * @param partitions partitions per topic
     * @param redeliveryPause how long a partition waits before delivering a failed event again
     * @param sender the credential every delivered event carries: the application's own
     */
    public InMemoryPubSubBroker(int partitions, Duration redeliveryPause, Credentials sender) {
        this.partitions = partitions;
        this.redeliveryPause = redeliveryPause;
        this.sender = sender;
    }

    private Topic topic(String name) {
        return topics.computeIfAbsent(name, n -> new Topic(partitions));
    }

    @Override
    public CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw,
            Map<String, String> metadata) {
        int partition = key == null
                ? Math.floorMod(roundRobin.getAndIncrement(), partitions)
                : Math.floorMod(key.hashCode(), partitions);
        topic(topic).append(topic, partition, key, event, raw, sender);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Subscription subscribe(String topic, String group, Delivery delivery) {
        Topic log = topic(topic);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            Thread thread = new Thread(() -> deliverLoop(log, group, partition, delivery, running),
                    "bindery-inmemory-" + topic + "-" + partition);
            thread.setDaemon(true);
            threads.add(thread);
        }
        Subscription subscription = new Subscription() {
            @Override
            public void close() {
                running.set(false);
                threads.forEach(Thread::interrupt);
                for (Thread thread : threads) {
                    try {
                        thread.join(5000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public long lag() {
                return log.lag(group);
            }
        };
        synchronized (subscriptions) {
            subscriptions.add(subscription);
        }
        threads.forEach(Thread::start);
        return subscription;
    }

    private void deliverLoop(Topic log, String group, int partition, Delivery delivery, AtomicBoolean running) {
        while (running.get()) {
            try {
                long offset = log.committed(group, partition);
                Message message = log.await(partition, offset);
                try {
                    delivery.deliver(message).toCompletableFuture().join();
                    if (running.get()) {
                        log.commit(group, partition, offset + 1);
                    }
                } catch (RuntimeException failed) {
                    // not committed: the same event comes again after the pause
                    Thread.sleep(redeliveryPause.toMillis());
                }
            } catch (InterruptedException stopped) {
                return;
            }
        }
    }

    @Override
    public void close() {
        synchronized (subscriptions) {
            subscriptions.forEach(Subscription::close);
            subscriptions.clear();
        }
    }

    /** The partitions of one topic and the committed offsets of each group. */
    private static final class Topic {
        private final List<List<Message>> logs = new ArrayList<>();
        private final Map<String, long[]> offsets = new ConcurrentHashMap<>();

        Topic(int partitions) {
            for (int p = 0; p < partitions; p++) {
                logs.add(new ArrayList<>());
            }
        }

        void append(String topic, int partition, String key, CloudEvent event, boolean raw, Credentials sender) {
            List<Message> log = logs.get(partition);
            synchronized (log) {
                long offset = log.size();
                CloudEvent carried = raw
                        ? RawEvents.wrap(topic, partition, offset, event.getData() == null
                                ? new byte[0]
                                : event.getData().toBytes())
                        : event;
                log.add(new Message(topic, partition, offset, key, carried, raw, null, sender));
                log.notifyAll();
            }
        }

        Message await(int partition, long offset) throws InterruptedException {
            List<Message> log = logs.get(partition);
            synchronized (log) {
                while (log.size() <= offset) {
                    log.wait();
                }
                return log.get((int) offset);
            }
        }

        long committed(String group, int partition) {
            return offsets.computeIfAbsent(group, g -> new long[logs.size()])[partition];
        }

        long lag(String group) {
            long lag = 0;
            for (int p = 0; p < logs.size(); p++) {
                List<Message> log = logs.get(p);
                synchronized (log) {
                    lag += log.size() - committed(group, p);
                }
            }
            return lag;
        }

        void commit(String group, int partition, long next) {
            offsets.get(group)[partition] = next;
        }
    }
}

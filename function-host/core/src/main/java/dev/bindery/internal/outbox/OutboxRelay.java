package dev.bindery.internal.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.state.StateBackend;

/**
 * Relays the transactional outbox of one application to the brokers: publishes each entry, then deletes it from its
 * store — at least once, since a crash between the two relays the entry again (with the same event id).
 * <ul>
 * <li>Right after a transaction commits, its entries are sent, in order, on the relay's threads.</li>
 * <li>An entry whose send fails stays in the store and is sent again after a backoff, until it succeeds.</li>
 * <li>When a store is opened ({@link #watch}) and then every scan interval, the store's pending entries are listed
 * ({@link StateBackend#keys}) and those this member owns ({@link StateBackend#ownedHere}) relayed, oldest first: what a
 * crashed or stopped host left behind. A periodic scan skips entries younger than the grace period, which their writer
 * is still relaying.</li>
 * </ul>
 * An entry held by this relay (being sent or waiting for a retry) is never sent twice by it at the same time.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());

    /**
     * @param sendTimeout how long a send may take before it counts as failed
     * @param retryInitialDelay the pause before the first retry of a failed send; doubled on each failure
     * @param retryMaxDelay the longest pause between retries
     * @param scanInterval how often the open stores are scanned for pending entries
     * @param scanGrace how old an entry must be for a periodic scan to relay it
     * @param scanBatch the most entries one scan lists at a time
     */
    public record Settings(Duration sendTimeout, Duration retryInitialDelay, Duration retryMaxDelay,
            Duration scanInterval, Duration scanGrace, int scanBatch) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), 500);
    }

    /** Observes the relay, for metrics. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        /** An entry of the store was published and deleted. */
        default void relayed(String store) {
        }

        /** A send of an entry of the store failed; it will be sent again. */
        default void failed(String store) {
        }
    }

    private final String appId;
    private final String prefix;
    private final Function<String, PubSubBroker> brokers;
    private final ObjectMapper mapper;
    private final Settings settings;
    private final Listener listener;
    /** Sends, completes sends and retries; never waits for a send. */
    private final ScheduledExecutorService worker;
    /** Scans, which wait for their sends. */
    private final ScheduledExecutorService scanner;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Map<String, StateBackend> watched = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param appId the application whose entries this relays
     * @param brokers the broker of each pub/sub component, by name
     * @param mapper the application's mapper, which wrote the entries
     */
    public OutboxRelay(String appId, Function<String, PubSubBroker> brokers, ObjectMapper mapper, Settings settings,
            Listener listener) {
        this.appId = appId;
        this.prefix = OutboxEntry.prefix(appId);
        this.brokers = brokers;
        this.mapper = mapper;
        this.settings = settings;
        this.listener = listener;
        ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(2, daemon("bindery-outbox-relay-"));
        // on close, retries waiting for their backoff are dropped: their entries stay in the store for the next start
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = worker;
        this.scanner = Executors.newSingleThreadScheduledExecutor(daemon("bindery-outbox-scan-"));
        long interval = settings.scanInterval().toMillis();
        scanner.scheduleWithFixedDelay(() -> watched.forEach((store, backend) -> scan(store, backend, false)),
                interval, interval, TimeUnit.MILLISECONDS);
    }

    /** @return how many entries this relay holds: being sent, or waiting to be sent again */
    public int held() {
        return held.size();
    }

    /** Holds the entries of a transaction about to commit, so that no scan sends them meanwhile. */
    void hold(List<OutboxEntry> entries) {
        entries.forEach(entry -> held.add(entry.key(appId)));
    }

    /** Releases the entries of a transaction that did not commit. */
    void release(List<OutboxEntry> entries) {
        entries.forEach(entry -> held.remove(entry.key(appId)));
    }

    /** Sends the held entries of a committed transaction, in order, in the background. */
    void relay(String store, StateBackend backend, List<OutboxEntry> entries) {
        try {
            worker.execute(() -> entries.forEach(entry -> send(store, backend, entry, 0)));
        } catch (RejectedExecutionException e) {
            release(entries);
            LOG.log(System.Logger.Level.INFO, "The outbox relay has stopped; " + entries.size() + " event(s) stay "
                    + "pending in state store '" + store + "' until the next start");
        }
    }

    /**
     * Relays what the store has pending now, in the background, and again every scan interval until this relay
     * closes. Call it when the store opens.
     */
    public void watch(String store, StateBackend backend) {
        watched.put(store, backend);
        scanner.execute(() -> scan(store, backend, true));
    }

    /**
     * Relays the store's pending entries that this member owns and does not already hold, oldest first, and waits for
     * the sends.
     *
     * @param includeFresh false to leave entries younger than the grace period to their writer
     * @return how many entries were published and deleted
     */
    public int relayPending(String store, StateBackend backend, boolean includeFresh) {
        int relayed = 0;
        while (!closed) {
            List<String> keys = backend.keys(prefix, settings.scanBatch());
            List<OutboxEntry> due = new ArrayList<>();
            Instant freshAfter = Instant.now().minus(settings.scanGrace());
            for (String key : keys) {
                if (!backend.ownedHere(key) || !held.add(key)) {
                    continue;
                }
                Optional<OutboxEntry> entry = read(backend, key);
                if (entry.isPresent() && (includeFresh || !entry.get().committedAt().isAfter(freshAfter))) {
                    due.add(entry.get());
                } else {
                    held.remove(key);
                }
            }
            due.sort(OutboxEntry.RELAY_ORDER);
            List<CompletableFuture<Boolean>> sends = new ArrayList<>(due.size());
            for (OutboxEntry entry : due) {
                sends.add(CompletableFuture.supplyAsync(() -> send(store, backend, entry, 0), worker)
                        .thenCompose(sent -> sent));
            }
            int relayedNow = 0;
            for (CompletableFuture<Boolean> send : sends) {
                if (send.join()) {
                    relayedNow++;
                }
            }
            relayed += relayedNow;
            if (keys.size() < settings.scanBatch() || relayedNow == 0) {
                return relayed;
            }
        }
        return relayed;
    }

    private void scan(String store, StateBackend backend, boolean includeFresh) {
        try {
            int relayed = relayPending(store, backend, includeFresh);
            if (relayed > 0) {
                LOG.log(System.Logger.Level.INFO, "Relayed " + relayed + " pending outbox event(s) of state store '"
                        + store + "'");
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.log(System.Logger.Level.WARNING, "Scanning the outbox of state store '" + store + "' failed; "
                        + "retrying in " + settings.scanInterval().toSeconds() + " s", e);
            }
        }
    }

    /** Reads an entry; an entry that cannot be read is logged and left in place. */
    private Optional<OutboxEntry> read(StateBackend backend, String key) {
        return backend.get(key).flatMap(stored -> {
            try {
                return Optional.of(OutboxEntry.decode(stored.value(), mapper));
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.ERROR, "Outbox entry '" + key + "' cannot be read and is left in place: "
                        + e.getMessage());
                return Optional.empty();
            }
        });
    }

    /**
     * Publishes the held entry, then deletes it; on failure schedules a retry and keeps holding it.
     *
     * @return completes with true once published and deleted, false when it failed
     */
    private CompletableFuture<Boolean> send(String store, StateBackend backend, OutboxEntry entry, int attempt) {
        String key = entry.key(appId);
        CompletableFuture<Void> sent;
        try {
            sent = brokers.apply(entry.pubsub())
                    .send(entry.topic(), entry.orderingKey(), entry.event(), entry.raw(), entry.metadata())
                    .toCompletableFuture().orTimeout(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handleAsync((ok, failure) -> {
            if (failure == null) {
                delete(store, backend, key);
                return true;
            }
            listener.failed(store);
            Duration delay = backoff(attempt);
            LOG.log(attempt == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, "Publishing outbox event "
                    + entry.event().getId() + " to topic '" + entry.topic() + "' of pub/sub '" + entry.pubsub()
                    + "' failed (" + failure + "); it stays in state store '" + store + "' and is sent again in "
                    + delay.toMillis() + " ms");
            schedule(() -> retry(store, backend, key, attempt + 1), delay);
            return false;
        }, worker);
    }

    private void delete(String store, StateBackend backend, String key) {
        try {
            backend.remove(key, null);
            listener.relayed(store);
        } catch (RuntimeException e) {
            // published, but still pending: a later scan publishes it again, a duplicate that idempotency removes
            LOG.log(System.Logger.Level.WARNING, "Outbox entry '" + key + "' was published but could not be deleted "
                    + "from state store '" + store + "'; it will be published again", e);
        } finally {
            held.remove(key);
        }
    }

    /** Sends the entry again as stored; an entry gone meanwhile (relayed by another member) is done. */
    private void retry(String store, StateBackend backend, String key, int attempt) {
        Optional<OutboxEntry> entry;
        try {
            entry = read(backend, key);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Reading outbox entry '" + key + "' failed: " + e);
            schedule(() -> retry(store, backend, key, attempt + 1), backoff(attempt));
            return;
        }
        if (entry.isPresent()) {
            send(store, backend, entry.get(), attempt);
        } else {
            held.remove(key);
        }
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            worker.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the relay is closing: the entry stays in the store for the next start
        }
    }

    private Duration backoff(int attempt) {
        Duration delay = settings.retryInitialDelay().multipliedBy(1L << Math.min(attempt, 20));
        return delay.compareTo(settings.retryMaxDelay()) > 0 ? settings.retryMaxDelay() : delay;
    }

    /** Stops relaying; what is still pending stays in the stores for the next start. */
    @Override
    public void close() {
        closed = true;
        scanner.shutdownNow();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

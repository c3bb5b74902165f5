package dev.bindery.state.infinispan;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.infinispan.AdvancedCache;
import org.infinispan.commons.util.IntSet;
import org.infinispan.distribution.LocalizedCacheTopology;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.TopologyChanged;
import org.infinispan.notifications.cachelistener.event.TopologyChangedEvent;
import org.infinispan.topology.CacheTopology;

/**
 * Calls listeners after the segments this member is the primary owner of changed. Infinispan installs a topology when a
 * member joins or leaves, and several while a rebalance moves data; this compares the member's primary segments at each
 * topology outside a rebalance (a leave without moving data, or the end of a rebalance) with the last ones seen. The
 * Infinispan callback only hands off to one daemon thread, which compares and calls the listeners in order.
 */
@Listener(observation = Listener.Observation.POST)
final class OwnershipNotifier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OwnershipNotifier.class.getName());

    private final AdvancedCache<?, ?> cache;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService handoff;
    /** Confined to the handoff thread. */
    private IntSet owned;

    private OwnershipNotifier(AdvancedCache<?, ?> cache) {
        this.cache = cache;
        this.handoff = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "bindery-ownership-" + cache.getName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** @return a notifier watching the clustered cache's topology */
    static OwnershipNotifier watch(AdvancedCache<?, ?> cache) {
        OwnershipNotifier notifier = new OwnershipNotifier(cache);
        notifier.handoff.execute(() -> notifier.owned = notifier.ownedNow());
        cache.addListener(notifier);
        return notifier;
    }

    /** @return removes the listener */
    AutoCloseable add(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @TopologyChanged
    public void topologyChanged(TopologyChangedEvent<?, ?> event) {
        try {
            handoff.execute(this::compare);
        } catch (RejectedExecutionException closed) {
            // the backend is closing
        }
    }

    private void compare() {
        IntSet now = ownedNow();
        if (now == null || now.equals(owned)) {
            return;
        }
        owned = now;
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "An ownership listener of cache '" + cache.getName() + "' failed", e);
            }
        }
    }

    /** @return this member's primary segments, or null while a rebalance is moving data */
    private IntSet ownedNow() {
        LocalizedCacheTopology topology = cache.getDistributionManager().getCacheTopology();
        return topology.getPhase() == CacheTopology.Phase.NO_REBALANCE ? topology.getLocalPrimarySegments() : null;
    }

    @Override
    public void close() {
        cache.removeListener(this);
        handoff.shutdown();
        try {
            handoff.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

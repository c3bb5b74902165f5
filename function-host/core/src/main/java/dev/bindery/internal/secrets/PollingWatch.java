package dev.bindery.internal.secrets;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Notices changes of a file-backed store by reading its snapshot every interval and comparing it with the last one.
 * Polling, not inotify: the kubelet swaps a mounted Secret by renaming a symlinked directory, which inotify watches on
 * the files do not follow. A failed read is skipped; the next one compares again.
 */
final class PollingWatch implements AutoCloseable {

    private final ScheduledExecutorService scheduler;

    private PollingWatch(String store, Duration interval, Supplier<Map<String, Map<String, String>>> snapshot,
            Consumer<String> changed) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bindery-secrets-watch-" + store);
            thread.setDaemon(true);
            return thread;
        });
        Map<String, Map<String, String>>[] last = new Map[]{safely(snapshot)};
        scheduler.scheduleWithFixedDelay(() -> {
            Map<String, Map<String, String>> now = safely(snapshot);
            if (now == null) {
                return;
            }
            Map<String, Map<String, String>> before = last[0];
            last[0] = now;
            if (before == null) {
                return;
            }
            for (String name : union(before, now)) {
                if (!Objects.equals(before.get(name), now.get(name))) {
                    changed.accept(name);
                }
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return a watch polling every interval, or a no-op when the interval is zero */
    static AutoCloseable start(String store, Duration interval, Supplier<Map<String, Map<String, String>>> snapshot,
            Consumer<String> changed) {
        if (interval.isZero() || interval.isNegative()) {
            return () -> {
            };
        }
        return new PollingWatch(store, interval, snapshot, changed);
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> names = new java.util.HashSet<>(a.keySet());
        names.addAll(b.keySet());
        return names;
    }

    private static Map<String, Map<String, String>> safely(Supplier<Map<String, Map<String, String>>> snapshot) {
        try {
            return snapshot.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

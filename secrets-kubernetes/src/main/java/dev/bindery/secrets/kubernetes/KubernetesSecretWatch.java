package dev.bindery.secrets.kubernetes;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * A Kubernetes watch on a namespace's Secrets that reports each added, modified or deleted Secret by name. It starts
 * from the resource version of a list, so the Secrets that exist already are not reported. fabric8 reconnects a dropped
 * watch itself, resuming where it stopped; when it cannot (the API server no longer has that version, or could not be
 * reached at the start), the watch starts again from a fresh list a few seconds later and then reports that any
 * Secret may have changed. Opening waits at most a few seconds for the first start, which then goes on in the
 * background.
 */
final class KubernetesSecretWatch implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KubernetesSecretWatch.class.getName());
    private static final long RESTART_DELAY_SECONDS = 5;
    private static final long FIRST_START_WAIT_SECONDS = 5;

    private final String store;
    private final String namespace;
    private final FilterWatchListDeletable<Secret, SecretList, Resource<Secret>> secrets;
    private final Consumer<String> changed;
    private final ScheduledExecutorService restarts;
    private Watch watch;
    private boolean interrupted;
    private boolean closed;

    KubernetesSecretWatch(String store, String namespace,
            FilterWatchListDeletable<Secret, SecretList, Resource<Secret>> secrets, Consumer<String> changed) {
        this.store = store;
        this.namespace = namespace;
        this.secrets = secrets;
        this.changed = changed;
        this.restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bindery-secrets-watch-" + store);
            thread.setDaemon(true);
            return thread;
        });
        // the host opens stores at start-up: an API server that does not answer must not hold it for long
        Future<?> first = restarts.submit(this::start);
        try {
            first.get(FIRST_START_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // it goes on, or starts again, on the watch's own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void start() {
        if (closed) {
            return;
        }
        try {
            SecretList list = secrets.list();
            Map<String, String> existing = new ConcurrentHashMap<>();
            list.getItems().forEach(secret -> existing.put(secret.getMetadata().getName(),
                    String.valueOf(secret.getMetadata().getResourceVersion())));
            watch = secrets.watch(
                    new ListOptionsBuilder().withResourceVersion(list.getMetadata().getResourceVersion()).build(),
                    new Reporter(existing));
        } catch (RuntimeException e) {
            if (!interrupted) {
                String why = e instanceof KubernetesClientException failure
                        ? KubernetesSecretBackend.describe(failure)
                        : e.getClass().getSimpleName();
                LOG.log(Level.WARNING, "Secret store '" + store + "' cannot watch the Secrets of namespace '"
                        + namespace + "' (" + why + "); trying again every "
                        + RESTART_DELAY_SECONDS + " s, meanwhile changes are seen when the cache refreshes");
            }
            interrupted = true;
            restartLater();
            return;
        }
        if (interrupted) {
            interrupted = false;
            LOG.log(Level.INFO, "Secret store '" + store + "' watches the Secrets of namespace '" + namespace
                    + "' again");
            changed.accept(null);
        }
    }

    private synchronized void stopped(WatcherException e) {
        if (closed) {
            return;
        }
        LOG.log(Level.DEBUG, "The watch of secret store '" + store + "' ended (" + e.getClass().getSimpleName()
                + (e.isHttpGone() ? ", resource version gone" : "") + "); it starts again");
        interrupted = true;
        restartLater();
    }

    private void restartLater() {
        try {
            restarts.schedule(this::start, RESTART_DELAY_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        restarts.shutdownNow();
        if (watch != null) {
            watch.close();
        }
    }

    /**
     * Reports changes by name. An API server that ignores the list's resource version (a watch without one starts with
     * every existing object as added) would report the Secrets that were listed: an added Secret that is as it was
     * listed is skipped.
     */
    private final class Reporter implements Watcher<Secret> {

        private final Map<String, String> listed;

        Reporter(Map<String, String> listed) {
            this.listed = listed;
        }

        @Override
        public void eventReceived(Action action, Secret secret) {
            if (action != Action.ADDED && action != Action.MODIFIED && action != Action.DELETED) {
                return;
            }
            String name = secret.getMetadata().getName();
            String wasListedAt = listed.remove(name);
            if (action == Action.ADDED
                    && String.valueOf(secret.getMetadata().getResourceVersion()).equals(wasListedAt)) {
                return;
            }
            changed.accept(name);
        }

        @Override
        public void onClose(WatcherException cause) {
            stopped(cause);
        }
    }
}

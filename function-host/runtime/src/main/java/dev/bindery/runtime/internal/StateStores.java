package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.InMemoryStateStoreProvider;
import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateStoreProvider;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.StateStore;

/**
 * Opens the application's state stores from {@code bindery.state.<name>.*} with the provider of their type (found with
 * {@link ServiceLoader}), and closes them on shutdown. A store opens on its first call ({@code start=lazy}, the
 * default) or, with {@code start=eager}, in the background at start-up, so the HTTP port never waits for an engine; a
 * call waits until its store is open.
 */
@Singleton
public class StateStores {

    private static final Logger LOG = Logger.getLogger(StateStores.class);
    private static final HostOptions HOST_OPTIONS = HostOptions.of(BinderyConfig.State.class);

    private final BinderyConfig config;
    private final ObjectMapper mapper;
    private final Telemetry telemetry;
    private final Map<String, StateStoreProvider> providers = new HashMap<>();
    private final ConcurrentMap<String, CompletableFuture<StateBackend>> backends = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, StateStore> stores = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, OpeningStateBackend> openers = new ConcurrentHashMap<>();
    /** Failed opens in a row, and when the next may start (nanoTime), by store. */
    private final ConcurrentMap<String, Integer> failedOpens = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> retryAt = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** The stores readiness does not wait for while they open: opened in the background for the actor runtime. */
    private final Set<String> openingUnawaited = ConcurrentHashMap.newKeySet();
    /** The stores the application injects, as the build found them. */
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    /** Where transactions write their publishes; it relays each store's pending ones once the store is open. */
    @Inject
    TransactionalOutbox outbox;
    /** The stores' outbound resiliency policies. */
    @Inject
    ResiliencyPolicies resiliency;

    public StateStores(BinderyConfig config, ObjectMapper mapper, Telemetry telemetry) {
        this.config = config;
        this.mapper = mapper;
        this.telemetry = telemetry;
        for (StateStoreProvider provider : ServiceLoader.load(StateStoreProvider.class,
                Thread.currentThread().getContextClassLoader())) {
            providers.put(provider.type(), provider);
        }
    }

    /**
     * The stores the application injects: remembered (the admin endpoints list them), and those configured
     * {@code start=eager} start opening in the background.
     */
    public void declare(List<String> names) {
        declared.addAll(names);
        for (String name : names) {
            BinderyConfig.State state = config.state().get(name);
            if (state != null && state.start().equals("eager")) {
                backend(name);
            } else if (state != null && !state.start().equals("lazy")) {
                throw new IllegalArgumentException("bindery.state." + name + ".start is '" + state.start()
                        + "'; use lazy or eager");
            }
        }
    }

    /** @return the named store; its engine may still be opening, in which case calls wait for it */
    public StateStore store(String name) {
        return stores.computeIfAbsent(name, this::create);
    }

    /**
     * @return the named store's backend as the store injected into functions uses it (opened on first call, observed,
     *         under the store's resiliency policies), without the store's key scope: for the actors, which scope their
     *         keys themselves. Readiness does not wait for such a store while it opens unless it is {@code start=eager}:
     *         the actor runtime opens it in the background at start-up, its calls wait for it, and its reminders are
     *         read once it is open; a store that failed to open makes readiness DOWN until an attempt succeeds.
     */
    public StateBackend unscopedBackend(String name) {
        store(name);
        if (!start(name).equals("eager")) {
            openingUnawaited.add(name);
        }
        return openers.get(name);
    }

    /** @return the stores whose engine has been asked to open (on first use or eagerly) */
    public Set<String> opening() {
        return Set.copyOf(backends.keySet());
    }

    /** @return every store the application knows of: injected, configured, or asked for so far */
    public Set<String> names() {
        Set<String> names = new java.util.TreeSet<>(declared);
        names.addAll(config.state().keySet());
        names.addAll(backends.keySet());
        return names;
    }

    /**
     * @return the store's state: {@code open}, {@code opening}, {@code failed} (the reason in {@link #failures()}) or
     *         {@code closed} (not asked for yet: a lazy store opens on its first call)
     */
    public String status(String name) {
        CompletableFuture<StateBackend> backend = backends.get(name);
        if (backend == null) {
            return "closed";
        }
        return !backend.isDone() ? "opening" : backend.isCompletedExceptionally() ? "failed" : "open";
    }

    /**
     * @return true when every store asked for so far is open, or opening for the first time for the actor runtime alone
     *         (see {@link #unscopedBackend}); false while one that failed to open is not open yet
     */
    public boolean ready() {
        return backends.entrySet().stream().allMatch(e -> e.getValue().isDone()
                ? !e.getValue().isCompletedExceptionally()
                : openingUnawaited.contains(e.getKey()) && !failedOpens.containsKey(e.getKey()));
    }

    /** @return the stores that failed to open, with the reason */
    public Map<String, String> failures() {
        return backends.entrySet().stream().filter(e -> e.getValue().isCompletedExceptionally())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().handle((b, f) -> String.valueOf(
                        f.getCause() == null ? f : f.getCause())).join()));
    }

    private StateStore create(String name) {
        BinderyConfig.State state = config.state().get(name);
        KeyScope scope = switch (keyPrefix(name)) {
            case "app-id" -> KeyScope.prefixed(config.appId());
            case "none" -> KeyScope.none();
            default -> KeyScope.prefixed(keyPrefix(name));
        };
        ScopedStateStore.Limits limits = state == null
                ? ScopedStateStore.Limits.DEFAULT
                : new ScopedStateStore.Limits(state.maxKeyLength(), (int) state.maxValueSize().asLongValue());
        OpeningStateBackend opener = new OpeningStateBackend(() -> backend(name));
        openers.put(name, opener);
        return new ScopedStateStore(name, opener, scope, limits, mapper, outbox.outbox());
    }

    /**
     * @return the store's backend: open, opening, or failed to open. A store that failed to open is opened again, with
     *         backoff (1 s doubling to 30 s), on the next call once the wait is over and in the background: a lock
     *         still held by a process that is stopping, or a server that is not up yet, does not fail the store for
     *         the application's whole life.
     */
    private CompletableFuture<StateBackend> backend(String name) {
        return backends.compute(name, (n, existing) -> {
            if (existing != null && !(existing.isCompletedExceptionally() && retryDue(n))) {
                return existing;
            }
            CompletableFuture<StateBackend> opening = CompletableFuture.supplyAsync(() -> open(n), runnable -> {
                Thread opener = new Thread(runnable, "bindery-state-open-" + n);
                opener.setDaemon(true);
                opener.start();
            });
            opening.whenComplete((opened, failure) -> {
                if (failure == null) {
                    failedOpens.remove(n);
                    return;
                }
                int attempts = failedOpens.merge(n, 1, Integer::sum);
                Duration wait = Duration.ofSeconds(Math.min(30, 1L << Math.min(attempts - 1, 5)));
                retryAt.put(n, System.nanoTime() + wait.toNanos());
                LOG.warnf("State store '%s' could not be opened (attempt %d); trying again in %d s: %s", n, attempts,
                        wait.toSeconds(), failure.getCause() == null ? failure : failure.getCause());
                if (!closed) {
                    CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS)
                            .execute(() -> {
                                if (!closed) {
                                    backend(n);
                                }
                            });
                }
            });
            return opening;
        });
    }

    private boolean retryDue(String name) {
        Long at = retryAt.get(name);
        return at == null || System.nanoTime() - at >= 0;
    }

    /** @return how the store's keys are scoped: {@code app-id}, {@code none} or a fixed prefix */
    public String keyPrefix(String name) {
        BinderyConfig.State state = config.state().get(name);
        return state == null ? "app-id" : state.keyPrefix();
    }

    /** @return when the store's engine starts: {@code lazy} or {@code eager} */
    public String start(String name) {
        BinderyConfig.State state = config.state().get(name);
        return state == null ? "lazy" : state.start();
    }

    /** @return the engine's {@code mode} option as configured, or null for the engine's default */
    public String mode(String name) {
        BinderyConfig.State state = config.state().get(name);
        return state == null ? null : state.engine().get("mode");
    }

    /** @return the store's engine type: as configured, else infinispan when on the class path, else in-memory */
    public String type(String name) {
        BinderyConfig.State state = config.state().get(name);
        return state != null && state.type().isPresent()
                ? state.type().get()
                : providers.containsKey("infinispan") ? "infinispan" : InMemoryStateStoreProvider.TYPE;
    }

    private StateBackend open(String name) {
        BinderyConfig.State state = config.state().get(name);
        String type = type(name);
        StateStoreProvider provider = providers.get(type);
        if (provider == null) {
            throw new IllegalStateException("bindery.state." + name + ".type is '" + type + "', but no provider of "
                    + "that type is on the class path; known types: " + providers.keySet());
        }
        long start = System.nanoTime();
        StateBackend backend = provider.open(new StoreSettings(name,
                state == null
                        ? Map.of()
                        : FreshOptions.of("bindery.state." + name,
                                HOST_OPTIONS.engineOptions(state.engine()))));
        LOG.infof("State store '%s' (%s) opened in %d ms", name, type, (System.nanoTime() - start) / 1_000_000);
        StateBackend observed = ResilientStateBackend.of(name, telemetry.observe(name, type, backend), resiliency);
        outbox.watch(name, observed);
        return observed;
    }

    /**
     * Opens the store's engine again with its options as configured now (a secret they reference was rotated) and sends
     * every call from now on to it. The old engine is closed once calls already made on it have had
     * {@code bindery.rotation-grace} to finish. A store not opened yet has nothing to do: it opens with the new values.
     *
     * @throws RuntimeException when the new engine cannot be opened; the old one then stays in use
     */
    public void rotate(String name) {
        CompletableFuture<StateBackend> previous = backends.get(name);
        if (previous == null || closed) {
            return;
        }
        StateBackend fresh = open(name);
        backends.put(name, CompletableFuture.completedFuture(fresh));
        OpeningStateBackend opener = openers.get(name);
        if (opener != null) {
            opener.replace(backends.get(name));
        }
        LOG.infof("State store '%s' reopened with its rotated configuration", name);
        previous.thenAccept(old -> CompletableFuture.delayedExecutor(config.rotationGrace().toMillis(),
                TimeUnit.MILLISECONDS).execute(old::close)).exceptionally(failure -> null);
    }

    @PreDestroy
    void close() {
        closed = true;
        backends.forEach((name, backend) -> backend.thenAccept(StateBackend::close).exceptionally(failure -> null));
    }
}

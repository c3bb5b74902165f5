package dev.bindery.runtime.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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

    /** Starts opening, in the background, the stores among these that are configured {@code start=eager}. */
    public void openEagerOnes(List<String> names) {
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

    /** @return the stores whose engine has been asked to open (on first use or eagerly) */
    public Set<String> opening() {
        return Set.copyOf(backends.keySet());
    }

    /** @return true when every store asked for so far is open */
    public boolean ready() {
        return backends.values().stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    /** @return the stores that failed to open, with the reason */
    public Map<String, String> failures() {
        return backends.entrySet().stream().filter(e -> e.getValue().isCompletedExceptionally())
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().handle((b, f) -> String.valueOf(
                        f.getCause() == null ? f : f.getCause())).join()));
    }

    private StateStore create(String name) {
        BinderyConfig.State state = config.state().get(name);
        String prefix = state == null ? "app-id" : state.keyPrefix();
        KeyScope scope = switch (prefix) {
            case "app-id" -> KeyScope.prefixed(config.appId());
            case "none" -> KeyScope.none();
            default -> KeyScope.prefixed(prefix);
        };
        ScopedStateStore.Limits limits = state == null
                ? ScopedStateStore.Limits.DEFAULT
                : new ScopedStateStore.Limits(state.maxKeyLength(), (int) state.maxValueSize().asLongValue());
        return new ScopedStateStore(name, new OpeningStateBackend(() -> backend(name)), scope, limits, mapper,
                outbox.outbox());
    }

    private CompletableFuture<StateBackend> backend(String name) {
        return backends.computeIfAbsent(name, n -> CompletableFuture.supplyAsync(() -> open(n), runnable -> {
            Thread opener = new Thread(runnable, "bindery-state-open-" + n);
            opener.setDaemon(true);
            opener.start();
        }));
    }

    private StateBackend open(String name) {
        BinderyConfig.State state = config.state().get(name);
        String type = state != null && state.type().isPresent()
                ? state.type().get()
                : providers.containsKey("infinispan") ? "infinispan" : InMemoryStateStoreProvider.TYPE;
        StateStoreProvider provider = providers.get(type);
        if (provider == null) {
            throw new IllegalStateException("bindery.state." + name + ".type is '" + type + "', but no provider of "
                    + "that type is on the class path; known types: " + providers.keySet());
        }
        long start = System.nanoTime();
        StateBackend backend = provider.open(new StoreSettings(name,
                state == null ? Map.of() : HOST_OPTIONS.engineOptions(state.engine())));
        LOG.infof("State store '%s' (%s) opened in %d ms", name, type, (System.nanoTime() - start) / 1_000_000);
        StateBackend observed = ResilientStateBackend.of(name, telemetry.observe(name, type, backend), resiliency);
        outbox.watch(name, observed);
        return observed;
    }

    @PreDestroy
    void close() {
        backends.forEach((name, backend) -> backend.thenAccept(StateBackend::close).exceptionally(failure -> null));
    }
}

package dev.bindery.runtime.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;
import dev.bindery.binding.Bindings;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.spi.binding.BindingsHost;
import dev.bindery.spi.binding.BindingsProvider;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.state.StateStore;

/**
 * Opens the bindings engine (the one {@link BindingsProvider} on the class path) for the configured
 * {@code bindery.bindings.<name>.*}, starts the input bindings from start-up to shutdown, and serves the injected
 * {@link Bindings} client. Input bindings start on a thread of their own, so the HTTP port does not wait for brokers;
 * readiness ({@code bindery-bindings}) reports UP once they run. On shutdown the inputs stop first (messages in flight
 * finish and are acknowledged).
 */
@Singleton
public class BindingComponents implements Bindings {

    private static final Logger LOG = Logger.getLogger(BindingComponents.class);

    private final BinderyConfig config;
    private final FunctionCatalog catalog;
    /** Looked up when starting: the functions' instances may themselves inject the bindings client. */
    private final Provider<FunctionDispatcher> dispatcher;
    private final StateStores stores;
    private final Telemetry telemetry;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicBoolean starting = new AtomicBoolean();
    private volatile BindingsEngine engine;

    private final ObjectMapper mapper;

    /** The bindings' outbound resiliency policies. */
    @jakarta.inject.Inject
    ResiliencyPolicies resiliency;

    public BindingComponents(BinderyConfig config, FunctionCatalog catalog, Provider<FunctionDispatcher> dispatcher,
            StateStores stores, Telemetry telemetry, ObjectMapper mapper) {
        this.mapper = mapper;
        this.config = config;
        this.telemetry = telemetry;
        this.catalog = catalog;
        this.dispatcher = dispatcher;
        this.stores = stores;
    }

    private volatile Map<String, String> inputs;

    /**
     * @return the input bindings: binding → function, from {@code @OnBinding} and {@code functions.<f>.binding};
     *         worked out once (readiness asks on every probe)
     */
    Map<String, String> inputs() {
        Map<String, String> known = inputs;
        if (known == null) {
            known = Collections.unmodifiableMap(findInputs());
            inputs = known;
        }
        return known;
    }

    private Map<String, String> findInputs() {
        Map<String, String> inputs = new TreeMap<>();
        if (!config.inputBindings()) {
            return inputs;
        }
        for (RecordedFunction function : catalog.functions()) {
            BinderyConfig.Function overrides = config.functions().get(function.getName());
            String binding = overrides != null && overrides.binding().isPresent()
                    ? overrides.binding().get()
                    : function.getBinding();
            if (binding == null) {
                continue;
            }
            String previous = inputs.putIfAbsent(binding, function.getName());
            if (previous != null) {
                throw new IllegalStateException("Functions '" + previous + "' and '" + function.getName() + "' are "
                        + "both triggered by binding '" + binding + "': a binding triggers one function");
            }
        }
        return inputs;
    }

    /**
     * Starts the input bindings as soon as the HTTP server listens, so their start (Camel, brokers) does not compete
     * with the application's for the CPU before the first event. Quarkus fires this event asynchronously: a synchronous
     * observer would never see it.
     */
    void startAfterHttp(@ObservesAsync HttpServerStart http) {
        startInBackground();
    }

    /**
     * Without an HTTP server (the Lambda package, a worker application), input bindings start at once; with no input
     * bindings nothing starts: output bindings start on their first call. In dev mode they start at once too: its HTTP
     * server outlives a live reload, so {@link HttpServerStart} comes only before the first start, never after a reload.
     */
    void startWithoutHttp(@Observes StartupEvent start) {
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            startInBackground();
            return;
        }
        boolean http = ConfigProvider.getConfig().getOptionalValue("quarkus.http.host-enabled", Boolean.class)
                .orElse(true);
        if (!http && !inputs().isEmpty()) {
            startInBackground();
        }
    }

    /**
     * @return empty when the input bindings run (or there are none and nothing was started), else why they do not:
     *         starting, or the failure
     */
    Optional<String> notReady() {
        if (!starting.get()) {
            return inputs().isEmpty() ? Optional.empty() : Optional.of("starting");
        }
        if (!started.isDone()) {
            return Optional.of("starting");
        }
        return started.isCompletedExceptionally()
                ? Optional.of(started.handle((ok, failure) -> String.valueOf(failure)).join())
                : Optional.empty();
    }

    private void startInBackground() {
        if (!starting.compareAndSet(false, true)) {
            return;
        }
        if (config.bindings().isEmpty() && inputs().isEmpty() && !engineOnClassPath()) {
            started.complete(null);
            return;
        }
        Thread starter = new Thread(() -> {
            try {
                engine().start();
                started.complete(null);
            } catch (RuntimeException e) {
                LOG.error("The bindings could not start", e);
                started.completeExceptionally(e);
            }
        }, "bindery-bindings-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** @return completes when every input binding runs, exceptionally when one could not start */
    public CompletableFuture<Void> started() {
        return started;
    }

    /** @return why each input binding that does not consume now does not, by binding name; empty before the start */
    public Map<String, String> failures() {
        BindingsEngine running = engine;
        return running == null || !started.isDone() || started.isCompletedExceptionally()
                ? Map.of()
                : running.failures();
    }

    /** @return the binding's kind and endpoint (credentials masked), once the engine is open */
    Optional<BindingsEngine.Description> describe(String binding) {
        BindingsEngine running = engine;
        return running == null ? Optional.empty() : running.describe(binding);
    }

    /**
     * With an engine on the class path it starts even without bindings: it also starts the application's CamelContext,
     * whose start the host moves off the main thread.
     */
    private static boolean engineOnClassPath() {
        return ServiceLoader.load(BindingsProvider.class, Thread.currentThread().getContextClassLoader()).findFirst()
                .isPresent();
    }

    /**
     * Rebuilds a binding with its options as configured now (a secret they reference was rotated); a binding not
     * started yet starts with them.
     */
    public void rotate(String binding) {
        BindingsEngine running;
        synchronized (this) {
            running = engine;
        }
        BinderyConfig.Binding settings = config.bindings().get(binding);
        if (running == null || settings == null) {
            return;
        }
        running.reconfigure(binding, FreshOptions.of("bindery.bindings." + binding, settings.options()));
        LOG.infof("Binding '%s' rebuilt with its rotated configuration", binding);
    }

    private synchronized BindingsEngine engine() {
        if (engine == null) {
            engine = open();
        }
        return engine;
    }

    private BindingsEngine open() {
        BindingsProvider provider = ServiceLoader.load(BindingsProvider.class,
                Thread.currentThread().getContextClassLoader()).findFirst().orElseThrow(
                        () -> new IllegalStateException("Bindings are configured (" + config.bindings().keySet()
                                + ") or used (" + inputs().keySet() + "), but no bindings engine is on the class "
                                + "path: add the dependency dev.bindery:bindery-bindings-camel"));
        Map<String, Map<String, String>> bindings = new LinkedHashMap<>();
        config.bindings().forEach((name, binding) -> bindings.put(name,
                Map.copyOf(FreshOptions.of("bindery.bindings." + name, binding.options()))));
        Map<String, String> inputs = inputs();
        return provider.open(new BindingsHost() {
            @Override
            public String appId() {
                return config.appId();
            }

            @Override
            public Map<String, Map<String, String>> bindings() {
                return bindings;
            }

            @Override
            public Map<String, String> inputs() {
                return inputs;
            }

            @Override
            public ObjectMapper mapper() {
                return mapper;
            }

            @Override
            public Dispatcher dispatcher() {
                return dispatcher.get();
            }

            @Override
            public StateStore store(String name) {
                return stores.store(name);
            }

            @Override
            public DeliveryListener deliveries(String binding) {
                return telemetry.binding(binding);
            }

            @Override
            public void lag(String binding, java.util.function.LongSupplier lag) {
                telemetry.bindingLag(binding, lag);
            }
        });
    }

    @Override
    public BindingResponse invoke(String binding, String operation, Object data, Map<String, String> metadata) {
        if (!config.bindings().containsKey(binding)) {
            throw new BindingException(binding, operation, "no such binding; configured: " + config.bindings()
                    .keySet(), null);
        }
        try {
            // the engine starts in the background; a call that comes first starts it now (without an HTTP server, as
            // in Lambda, nothing else starts it) and waits for it
            startInBackground();
            started.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            throw new BindingException(binding, operation, "the bindings did not start: " + e.getCause(), e);
        }
        ResiliencyPolicies.Policies policies = resiliency.component(binding,
                // a failure of the call, not a refusal (an unknown operation, bad metadata, a 4xx)
                failure -> failure instanceof BindingException failed && failed.retryable());
        if (policies.guard() == null) {
            return engine().invoke(binding, operation, data, metadata);
        }
        try {
            return policies.guard().get(() -> engine().invoke(binding, operation, data, metadata),
                    BindingResponse.class);
        } catch (RuntimeException e) {
            throw policies.cutOff(e).<RuntimeException>map(reason -> new BindingException(binding, operation,
                    "unavailable: " + reason, e)).orElse(e);
        }
    }

    @PreDestroy
    void close() {
        BindingsEngine running = engine;
        if (running != null) {
            running.close();
        }
    }
}

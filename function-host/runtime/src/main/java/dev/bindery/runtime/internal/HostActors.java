package dev.bindery.runtime.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.bindery.actors.ActorClient;
import dev.bindery.internal.actors.ActorMethods;
import dev.bindery.internal.actors.ActorRuntime;
import dev.bindery.internal.actors.ActorSettings;
import dev.bindery.internal.actors.ActorType;
import dev.bindery.internal.actors.DispatchingActorClient;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.runtime.ActorsConfig;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.dispatch.Dispatcher;

/**
 * The actors of the application (a bean only when it has {@code @Actor} classes): the actor runtime built from the
 * types the build recorded and {@code bindery.actors.*}, on the configured state store's backend and the host's
 * workers; the actor methods as functions; the {@link ActorClient}. The runtime starts once the application has
 * started (in the background: it waits for the state store to open, which the HTTP port never does) and stops at
 * shutdown, before the state stores close: each active actor deactivates and saves, for up to
 * {@code bindery.actors.drain-timeout}.
 */
@Singleton
public class HostActors {

    private static final Logger LOG = Logger.getLogger(HostActors.class);

    private final ActorRuntime runtime;
    private final List<FunctionDefinition> definitions = new ArrayList<>();
    private final Map<Object, InstanceHandle<?>> instances = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Instance<Dispatcher> dispatcher;
    private volatile CompletableFuture<Void> started;

    HostActors(ActorCatalog catalog, BinderyConfig config, StateStores stores, ObjectMapper mapper, HostWorkers workers,
            ObservedActors observer, HttpActorForwarder forwarder, Instance<PubSubComponents> pubsub,
            Instance<Dispatcher> dispatcher) {
        this.dispatcher = dispatcher;
        ActorsConfig actors = config.actors();
        checkTypeSettings(actors, catalog);
        List<ActorType> types = new ArrayList<>();
        for (RecordedActor actor : catalog.actors()) {
            Class<?> actorClass = load(actor);
            ActorsConfig.Type own = actors.types().get(actor.getName());
            Duration idle = own == null ? actors.idleTimeout() : own.idleTimeout().orElse(actors.idleTimeout());
            boolean reentrant = own == null
                    ? actors.reentrancy().enabled()
                    : own.reentrancy().enabled().orElse(actors.reentrancy().enabled());
            int depth = own == null
                    ? actors.reentrancy().maxStackDepth()
                    : own.reentrancy().maxStackDepth().orElse(actors.reentrancy().maxStackDepth());
            types.add(new ActorType(actor.getName(), () -> create(actorClass), this::destroy, Set.copyOf(actor.getMethods()),
                    idle,
                    reentrant, depth));
            definitions.addAll(ActorMethods.definitions(actor.getName(), actorClass));
        }
        BinderyConfig.State store = config.state().get(actors.stateStore());
        String advertised = actors.advertisedUrl().orElseGet(() -> defaultAdvertisedUrl(store));
        ActorSettings settings = new ActorSettings(config.appId(), advertised, actors.scanInterval(),
                actors.drainTimeout(), (int) Math.min(Integer.MAX_VALUE, actors.maxStateSize().asLongValue()));
        this.runtime = new ActorRuntime(types, stores.unscopedBackend(actors.stateStore()), mapper, Clock.systemUTC(),
                workers, settings, advertised == null ? null : forwarder, observer, deadLetters(actors, pubsub));
    }

    /** A setting for a type the application does not have is a mistake: the start fails, naming it. */
    static void checkTypeSettings(ActorsConfig actors, ActorCatalog catalog) {
        TreeSet<String> known = new TreeSet<>();
        catalog.actors().forEach(actor -> known.add(actor.getName()));
        for (String type : actors.types().keySet()) {
            if (!known.contains(type)) {
                throw new IllegalStateException("bindery.actors.types.\"" + type + "\".* configures actor type '"
                        + type + "', which the application does not have; its actor types: " + known);
            }
        }
    }

    private static Class<?> load(RecordedActor actor) {
        try {
            return Class.forName(actor.getClassName(), false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Actor type '" + actor.getName() + "': class " + actor.getClassName()
                    + " is not on the class path", e);
        }
    }

    /** A new {@code @Dependent} instance of the actor class, with its injections, for one activation. */
    private Object create(Class<?> actorClass) {
        InstanceHandle<?> handle = Arc.container().instance(actorClass);
        Object instance = handle.get();
        instances.put(instance, handle);
        return instance;
    }

    /** Destroys the activation's instance: its {@code @PreDestroy} and its own dependents. */
    private void destroy(Object instance) {
        InstanceHandle<?> handle = instances.remove(instance);
        if (handle != null) {
            handle.destroy();
        }
    }

    /**
     * @return {@code http://<host>:<port>} when the store is clustered, else null (a member alone needs no URL)
     * @see ActorsConfig#advertisedUrl()
     */
    static String defaultAdvertisedUrl(BinderyConfig.State store) {
        if (store == null || !"clustered".equals(store.engine().get("mode"))) {
            return null;
        }
        String bind = store.engine().get("cluster.bind-address");
        String host = bind == null || isJGroupsKeyword(bind)
                ? ("LOOPBACK".equals(bind) ? "127.0.0.1" : localAddress())
                : bind;
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + HttpInvoker.ownPort();
    }

    /** @return true for a JGroups bind keyword (SITE_LOCAL, NON_LOOPBACK, match-interface:…), false for an address */
    private static boolean isJGroupsKeyword(String bind) {
        return bind.matches("[A-Z_]+") || bind.startsWith("match-") || bind.startsWith("custom:");
    }

    private static String localAddress() {
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp() || network.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
            return InetAddress.getLocalHost().getHostAddress();
        } catch (SocketException | UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    private static Consumer<CloudEvent> deadLetters(ActorsConfig actors, Instance<PubSubComponents> pubsub) {
        Optional<String> topic = actors.deadLetterTopic();
        if (topic.isEmpty()) {
            return null;
        }
        String component = actors.deadLetterPubsub();
        return letter -> pubsub.get().broker(component).send(topic.get(), letter.getSubject(), letter, false,
                Map.of()).exceptionally(failure -> {
                    LOG.errorf(failure, "The dead letter %s could not be published to topic '%s' of pub/sub '%s'; it is "
                            + "only in this log", letter.getId(), topic.get(), component);
                    return null;
                });
    }

    /** @return the actor runtime */
    public ActorRuntime runtime() {
        return runtime;
    }

    /** @return the actor methods as functions */
    public List<FunctionDefinition> definitions() {
        return definitions;
    }

    @Produces
    @Singleton
    ActorClient client(ObjectMapper mapper, BinderyConfig config) {
        // the dispatcher is looked up on the first call: functions that inject the client are made while the
        // dispatcher is being built
        Dispatcher lazily = request -> dispatcher.get().dispatch(request);
        return new DispatchingActorClient(lazily, mapper, config.appId());
    }

    void onStart(@Observes StartupEvent start) {
        Dispatcher target = dispatcher.get();
        started = CompletableFuture.runAsync(() -> runtime.start(target), runnable -> {
            Thread thread = new Thread(runnable, "bindery-actors-start");
            thread.setDaemon(true);
            thread.start();
        });
        started.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "The actor runtime did not start: timers and reminders do not fire on this member");
            }
        });
    }

    void onStop(@Observes ShutdownEvent stop) {
        CompletableFuture<Void> starting = started;
        if (starting != null) {
            try {
                starting.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("The actor runtime had not started: %s", e.toString());
            }
        }
        runtime.close();
    }
}

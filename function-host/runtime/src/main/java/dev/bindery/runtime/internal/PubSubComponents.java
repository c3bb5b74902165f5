package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.internal.pubsub.InMemoryPubSubBrokerProvider;
import dev.bindery.internal.pubsub.SubscriptionDelivery;
import dev.bindery.pubsub.Publisher;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.security.Caller;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.pubsub.PubSubBrokerProvider;

/**
 * Opens the pub/sub components ({@code bindery.pubsub.<name>.*}) with the provider of their type, gives out their
 * publishers, and runs the {@code @OnTopic} subscriptions from start-up to shutdown; the consumer group is the
 * application id. On shutdown the subscriptions stop first (events in flight finish and are committed), then the
 * brokers close.
 */
@Singleton
public class PubSubComponents {

    private static final Logger LOG = Logger.getLogger(PubSubComponents.class);
    /** The type of bindery-pubsub-knative's components, the default on Knative. */
    private static final String KNATIVE = "knative";
    private static final HostOptions HOST_OPTIONS = HostOptions.of(BinderyConfig.PubSub.class);

    private final BinderyConfig config;
    private final ObjectMapper mapper;
    private final FunctionCatalog catalog;
    /** Looked up when subscribing: the functions' instances may themselves inject a publisher. */
    private final Provider<FunctionDispatcher> dispatcher;
    private final Telemetry telemetry;
    private final Map<String, PubSubBrokerProvider> providers = new HashMap<>();
    private final ConcurrentMap<String, PubSubBroker> brokers = new ConcurrentHashMap<>();
    /** The running subscriptions by {@code <component>/<topic>}. */
    private final Map<String, PubSubBroker.Subscription> subscriptions = new LinkedHashMap<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    /** Dead-letter topics that are missing and could not be created yet, by {@code <component>/<topic>}: why. */
    private final ConcurrentMap<String, String> missingDeadLetterTopics = new ConcurrentHashMap<>();
    private final List<Cancellable> creatingTopics = new ArrayList<>();
    /** The components' outbound resiliency policies. */
    @jakarta.inject.Inject
    ResiliencyPolicies resiliency;

    public PubSubComponents(BinderyConfig config, ObjectMapper mapper, FunctionCatalog catalog,
            Provider<FunctionDispatcher> dispatcher, Telemetry telemetry) {
        this.config = config;
        this.mapper = mapper;
        this.catalog = catalog;
        this.dispatcher = dispatcher;
        this.telemetry = telemetry;
        for (PubSubBrokerProvider provider : ServiceLoader.load(PubSubBrokerProvider.class,
                Thread.currentThread().getContextClassLoader())) {
            providers.put(provider.type(), provider);
        }
    }

    /** @return the publisher of the component */
    public Publisher publisher(String component) {
        return new BrokerPublisher(broker(component), mapper, config.appId(), settings(component).publishTimeout());
    }

    /**
     * Starts the subscriptions on a thread of their own, so the HTTP port does not wait for brokers; readiness
     * ({@code bindery-subscriptions}) reports UP once every subscription runs.
     */
    void subscribeInBackground(@Observes StartupEvent start) {
        Thread starter = new Thread(() -> {
            try {
                subscribe();
                started.complete(null);
            } catch (RuntimeException e) {
                LOG.error("The topic subscriptions could not start", e);
                started.completeExceptionally(e);
            }
        }, "bindery-subscriptions-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** @return completes when every subscription runs, exceptionally when one could not start */
    public CompletableFuture<Void> started() {
        return started;
    }

    /** @return why each subscription that is not delivering now is not, by {@code <component>/<topic>} */
    public Map<String, String> failures() {
        Map<String, String> failures = new TreeMap<>();
        synchronized (subscriptions) {
            subscriptions.forEach((name, subscription) -> subscription.failure()
                    .ifPresent(why -> failures.put(name, why)));
        }
        missingDeadLetterTopics.forEach((name, why) -> failures.merge(name, why, (one, other) -> one + "; " + other));
        return failures;
    }

    /** @return the running subscription of the component to the topic, if any */
    java.util.Optional<PubSubBroker.Subscription> subscription(String component, String topic) {
        synchronized (subscriptions) {
            return java.util.Optional.ofNullable(subscriptions.get(component + "/" + topic));
        }
    }

    /** @return why the dead-letter topic of the component's subscription to the topic is missing, if it is */
    java.util.Optional<String> missingDeadLetterTopic(String component, String topic) {
        return java.util.Optional.ofNullable(missingDeadLetterTopics.get(component + "/" + topic));
    }

    void subscribe() {
        subscribe(component -> true);
    }

    private void subscribe(java.util.function.Predicate<String> components) {
        Map<String, Map<String, List<Subscriptions.Subscription>>> byComponentAndTopic = new LinkedHashMap<>();
        for (Subscriptions.Subscription subscription : Subscriptions.of(catalog, config)) {
            if (!components.test(subscription.pubsub())) {
                continue;
            }
            byComponentAndTopic.computeIfAbsent(subscription.pubsub(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(subscription.topic(), t -> new ArrayList<>())
                    .add(subscription);
        }
        byComponentAndTopic.forEach((component, topics) -> topics.forEach((topic, subscribed) -> {
            // functions sharing a topic share one consumer (the dispatcher routes among them): the first one's
            // dead-letter topic and retries apply
            Subscriptions.Subscription first = subscribed.get(0);
            SubscriptionDelivery delivery = new SubscriptionDelivery(component, dispatcher.get(), broker(component),
                    first.deadLetterTopic(), first.retry(), telemetry.subscription(component, topic, config.appId()),
                    settings(component).caller().map(name -> new Caller(Caller.Kind.PRINCIPAL, name, Set.of()))
                            .orElse(null));
            ensureDeadLetterTopic(component, topic, first.deadLetterTopic());
            PubSubBroker.Subscription running = broker(component).subscribe(topic, config.appId(), delivery);
            telemetry.lag(component, topic, config.appId(), running);
            synchronized (subscriptions) {
                subscriptions.put(component + "/" + topic, running);
            }
            LOG.infof("Subscribed %s to topic '%s' of pub/sub '%s'", subscribed.stream()
                    .map(subscription -> subscription.function().getName()).toList(), topic, component);
        }));
    }

    /**
     * Creates the subscription's dead-letter topic when it is missing, in the background, until it exists (Mutiny's
     * backoff, 1 s doubling to 1 min): meanwhile readiness is DOWN with the reason and the subscription runs (its dead
     * letters wait, uncommitted, for the topic).
     */
    private void ensureDeadLetterTopic(String component, String topic, String deadLetterTopic) {
        String name = component + "/" + topic;
        PubSubBroker broker = broker(component);
        Cancellable creating = Uni.createFrom().item(() -> {
            broker.ensureTopic(deadLetterTopic);
            return deadLetterTopic;
        })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(failure -> {
                    if (missingDeadLetterTopics.put(name, failure.getMessage()) == null) {
                        LOG.warnf("The dead-letter topic of %s: %s; trying again with backoff", name, failure.getMessage());
                    }
                })
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofMinutes(1)).indefinitely()
                .subscribe().with(created -> {
                    if (missingDeadLetterTopics.remove(name) != null) {
                        LOG.infof("The dead-letter topic '%s' of %s is there now", created, name);
                    }
                }, failure -> {
                });
        synchronized (creatingTopics) {
            creatingTopics.add(creating);
        }
    }

    /** @return the component's settings; every option has a default, so an unconfigured component has them all */
    private BinderyConfig.PubSub settings(String component) {
        return config.pubsub().get(component);
    }

    /** @return the component's broker, opened on first use (for the transactional outbox's relay) */
    PubSubBroker broker(String component) {
        return brokers.computeIfAbsent(component, this::open);
    }

    private PubSubBroker open(String component) {
        return new RotatablePubSubBroker(openEngine(component));
    }

    /**
     * Builds the component's broker again with its options as configured now (a secret they reference was rotated):
     * publishes go to the new one at once; its subscriptions are closed (each commits what it has processed) and
     * started again on the new broker, so uncommitted events are delivered again rather than lost. The old broker is
     * closed after {@code bindery.rotation-grace}, once what it was sending has been sent.
     */
    public void rotate(String component) {
        PubSubBroker current = brokers.get(component);
        if (!(current instanceof RotatablePubSubBroker rotatable)) {
            return;
        }
        PubSubBroker previous = rotatable.replace(openEngine(component));
        synchronized (subscriptions) {
            subscriptions.entrySet().removeIf(entry -> {
                if (entry.getKey().startsWith(component + "/")) {
                    entry.getValue().close();
                    return true;
                }
                return false;
            });
        }
        subscribe(component::equals);
        LOG.infof("Pub/sub component '%s' rebuilt with its rotated configuration", component);
        java.util.concurrent.CompletableFuture.delayedExecutor(config.rotationGrace().toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS).execute(previous::close);
    }

    private PubSubBroker openEngine(String component) {
        BinderyConfig.PubSub settings = settings(component);
        // on Knative (a SinkBinding sets K_SINK) events go to the Broker; elsewhere they stay in this process
        String type = settings.type().orElse(System.getenv("K_SINK") != null
                ? KNATIVE
                : InMemoryPubSubBrokerProvider.TYPE);
        PubSubBrokerProvider provider = providers.get(type);
        if (provider == null) {
            throw new IllegalStateException("bindery.pubsub." + component + ".type is '" + type + "', but no provider "
                    + "of that type is on the class path; known types: " + providers.keySet());
        }
        return ResilientPubSubBroker.of(component, telemetry.observe(component, type, provider.open(
                new BrokerSettings(component, settings.publishTimeout(), FreshOptions.of("bindery.pubsub." + component,
                        HOST_OPTIONS.engineOptions(settings.broker())), config.appId()))),
                resiliency);
    }

    @PreDestroy
    void close() {
        synchronized (creatingTopics) {
            creatingTopics.forEach(Cancellable::cancel);
        }
        synchronized (subscriptions) {
            subscriptions.values().forEach(PubSubBroker.Subscription::close);
            subscriptions.clear();
        }
        brokers.values().forEach(PubSubBroker::close);
    }
}

package dev.bindery.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Provider;

import org.crac.Core;
import org.crac.Resource;
import org.eclipse.microprofile.config.Config;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.binding.Bindings;
import dev.bindery.lambda.internal.InstanceStateWarnings;
import dev.bindery.lambda.internal.LambdaInvocations;
import dev.bindery.lambda.internal.Priming;
import dev.bindery.lambda.internal.Routing;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.pubsub.SubscriptionPolicies;
import dev.bindery.spi.state.FirstWriteStores;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.Uniqueness;

/**
 * The one Lambda handler that hosts every function of the application: {@link BinderyStreamHandler} runs it, and so
 * does Quarkus' {@code QuarkusStreamHandler} ({@code quarkus.lambda.handler=bindery}, the default in a Bindery
 * package). It recognises each
 * AWS event shape, maps it to CloudEvents and dispatches them as the HTTP ingress does. Under SnapStart it primes the
 * event mapping and the dispatch path before the snapshot is taken.
 */
@Named("bindery")
@ApplicationScoped
public class BinderyLambdaHandler implements RequestStreamHandler, Resource {

    private final Provider<Dispatcher> dispatcher;
    private final Provider<ObjectMapper> mapper;
    private final Provider<Bindings> bindings;
    private final Instance<SubscriptionPolicies> policies;
    private final Routing routing;
    private final Optional<String> deadLetter;
    /** The application's {@code bindery.*} property names. */
    private final Set<String> names = new HashSet<>();
    private final Config config;
    private volatile LambdaInvocations invocations;

    /**
     * The dispatcher is looked up on first use: this bean exists before the host's event loops do. The mapper is the
     * application's one (its Jackson customizers apply to AWS events too); {@code bindery.lambda.dead-letter} names the
     * output binding that takes the events that can never succeed.
     */
    @Inject
    public BinderyLambdaHandler(Provider<Dispatcher> dispatcher, Provider<ObjectMapper> mapper,
            Provider<Bindings> bindings, Instance<SubscriptionPolicies> policies, Config config) {
        this.dispatcher = dispatcher;
        this.policies = policies;
        this.mapper = mapper;
        this.bindings = bindings;
        this.config = config;
        this.deadLetter = config.getOptionalValue(DEAD_LETTER, String.class);
        Map<String, String> options = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("bindery.")) {
                names.add(name);
            }
            if (name.startsWith("bindery.lambda.") && !name.equals(DEAD_LETTER) && !name.equals(PRIME_ON_START)) {
                config.getOptionalValue(name, String.class).ifPresent(value -> options.put(name.substring(
                        "bindery.lambda.".length()), value));
            }
        }
        this.routing = new Routing(options);
    }

    private LambdaInvocations invocations() {
        LambdaInvocations current = invocations;
        if (current == null) {
            current = new LambdaInvocations(dispatcher.get(), mapper.get(), routing, deadLetter.map(this::sink)
                    .orElse(null), policies.isResolvable() ? policies.get() : null);
            invocations = current;
        }
        return current;
    }

    /** The option naming the dead-letter binding. */
    static final String DEAD_LETTER = "bindery.lambda.dead-letter";
    /**
     * The option that primes at start-up too, as before a snapshot: for provisioned concurrency, whose start-up is off
     * the request path, and to measure priming without SnapStart.
     */
    static final String PRIME_ON_START = "bindery.lambda.prime-on-start";

    /** Sends a dead letter to the binding as a structured CloudEvent (operation {@code create}). */
    private LambdaInvocations.DeadLetterSink sink(String binding) {
        return letter -> bindings.get().invoke(binding, "create", new String(DeadLetters.structured(letter),
                StandardCharsets.UTF_8), Map.of("content-type", DeadLetters.STRUCTURED_CONTENT_TYPE));
    }

    /**
     * Registers the SnapStart (CRaC) hooks at start-up, and warns of state stores that are one instance's where
     * idempotency or first-write-wins writes rely on them.
     */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Core.getGlobalContext().register(this);
        for (String warning : InstanceStateWarnings.of(names, name -> config.getOptionalValue(name,
                String.class), FirstWriteStores.read(Thread.currentThread().getContextClassLoader()))) {
            LOG.log(System.Logger.Level.WARNING, warning);
        }
    }

    /**
     * Once the application has started (its event loops and runtime beans exist): warns of a Kafka source without
     * subscribers, and primes when asked to.
     */
    void started(@Observes Startup startup) {
        // the subscriptions' settings are runtime configuration: read once the application has started
        if (policies.isResolvable()) {
            routing.unsubscribedKafka(policies.get()).ifPresent(warning -> LOG.log(System.Logger.Level.WARNING,
                    warning));
        }
        if (config.getOptionalValue(PRIME_ON_START, Boolean.class).orElse(false)) {
            prime();
        }
    }

    private void prime() {
        new Priming(dispatcher.get(), mapper.get(), routing).prime();
    }

    private static final System.Logger LOG = System.getLogger(BinderyLambdaHandler.class.getName());

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(invocations().handle(input.readAllBytes(), context == null
                ? null
                : context::getRemainingTimeInMillis));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // every instance restored from one snapshot has the same random state: draw the salt of event ids and ETags
        // again. Priming opened no connection and started no thread, and state stores open on first use, so nothing
        // else is reopened here
        Uniqueness.reseed();
    }
}

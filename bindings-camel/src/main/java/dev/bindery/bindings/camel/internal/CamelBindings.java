package dev.bindery.bindings.camel.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.DefaultErrorHandlerBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.spi.binding.BindingsHost;

/**
 * The bindings engine: one Camel route per input binding ({@code from(uri)} → CloudEvents → the Dispatcher, with
 * retries and a dead-letter endpoint from the binding's options), and a producer for the output bindings.
 */
public final class CamelBindings implements BindingsEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CamelBindings.class);
    /** How long a once-per-cluster schedule's firing is remembered. */
    private static final Duration FIRED_TTL = Duration.ofDays(1);

    private final BindingsHost host;
    private final CamelContext context;
    private final boolean ownContext;
    private final ObjectMapper mapper;
    private final Map<String, BindingSpec> specs = new LinkedHashMap<>();
    private final List<String> routes = new ArrayList<>();
    private final Map<String, DeadLetterProcessor> deadLetterRoutes = new LinkedHashMap<>();
    private volatile ProducerTemplate producer;
    private volatile Outputs outputs;
    private final List<BindingLag> lags = new ArrayList<>();

    /**
     * @param context the CamelContext to run in
     * @param ownContext whether the engine starts and stops the context itself
     * @throws IllegalArgumentException naming a binding whose options are wrong, or an input without a binding
     */
    public CamelBindings(BindingsHost host, CamelContext context, boolean ownContext) {
        this.host = host;
        this.context = context;
        this.ownContext = ownContext;
        this.mapper = host.mapper();
        host.bindings().forEach((name, options) -> specs.put(name, BindingSpec.parse(name, options)));
        host.inputs().forEach((binding, function) -> {
            if (!specs.containsKey(binding)) {
                throw new IllegalArgumentException("Function '" + function + "' is bound to binding '" + binding
                        + "', which is not configured: set bindery.bindings." + binding + ".<kind> (cron, sqs, amqp, "
                        + "kafka, s3, file) or bindery.bindings." + binding + ".uri");
            }
        });
    }

    @Override
    public synchronized void start() {
        try {
            specs.values().forEach(this::registerConnectionFactories);
            producer = context.createProducerTemplate();
            producer.start();
            RouteBuilder builder = new RouteBuilder(context) {
                @Override
                public void configure() {
                    host.inputs().forEach((binding, function) -> route(this, specs.get(binding), function));
                    deadLetterRoutes.forEach((from, letters) -> from(from).routeId(from.replace("direct:", ""))
                            .process(letters));
                }
            };
            context.addRoutes(builder);
            if (!context.isStarted()) {
                // its own context, or the application's when the host defers Camel's start to this background
                // thread (quarkus.camel.bootstrap.enabled=false), so start-up does not wait for it
                context.start();
            }
            outputs = new Outputs(producer, mapper);
            host.inputs().keySet().forEach(binding -> BindingLag.of(specs.get(binding), context, "bindery-" + binding,
                    host.appId()).ifPresent(lag -> {
                        lags.add(lag);
                        host.lag(binding, lag);
                    }));
        } catch (Exception e) {
            throw new IllegalStateException("The bindings could not start: " + e.getMessage(), e);
        }
    }

    private void route(RouteBuilder builder, BindingSpec spec, String function) {
        String uri = spec.inputUri(host.appId(), connectionFactory(spec, "in"));
        MessageEvents events = new MessageEvents(spec, host.appId(), uri, mapper);
        String id = "bindery-" + spec.name();
        RouteDefinition route = builder.from(uri).routeId(id);
        route.errorHandler(errorHandler(spec));
        spec.deadLetter().ifPresent(target -> routes.add("bindery-dead-letter-" + spec.name()));
        route.onException(DeliveryFailure.Rejected.class).maximumRedeliveries(0).end();
        DispatchProcessor dispatch = new DispatchProcessor(function, events, host.dispatcher(),
                host.deliveries(spec.name()));
        boolean objects = spec.kind() == Kind.S3 || spec.objects();
        boolean remember = objects || spec.kind() == Kind.CRON && spec.oncePerCluster();
        if (remember) {
            StateIdempotentRepository repository = new StateIdempotentRepository(host.store(spec.stateStore()),
                    spec.kind() == Kind.CRON ? FIRED_TTL : null);
            // objects are remembered once processed or dead-lettered (without a dead letter, a failed one is seen
            // again on the next poll; Camel calls a dead-lettered exchange failed too); a schedule's firing is
            // claimed by one replica for good
            route.process(exchange -> {
                var mapped = events.toEvents(exchange);
                exchange.setProperty(DispatchProcessor.EVENTS, mapped);
                exchange.getMessage().setHeader(DEDUP, MessageEvents.dedupKey(spec.name(), mapped.get(0)));
            }).idempotentConsumer(builder.header(DEDUP), repository).eager(true)
                    .removeOnFailure(objects && spec.deadLetter().isEmpty()).skipDuplicate(true)
                    .process(dispatch).end();
        } else {
            route.process(dispatch);
        }
        routes.add(id);
        LOG.info("Binding {} ({}) triggers function {}", spec.name(), spec.kind().option(), function);
    }

    private static final String DEDUP = "BinderyDedupKey";

    private org.apache.camel.ErrorHandlerFactory errorHandler(BindingSpec spec) {
        long initial = spec.retryInitialDelay().toMillis();
        long max = spec.retryMaxDelay().toMillis();
        int redeliveries = spec.retryAttempts() - 1;
        if (spec.deadLetter().isPresent()) {
            String target = spec.deadLetter().get();
            String uri = specs.containsKey(target)
                    ? specs.get(target).outputUri(connectionFactory(specs.get(target),
                            "out"))
                    : target;
            String deadLetterRoute = "direct:bindery-dead-letter-" + spec.name();
            deadLetterRoutes.put(deadLetterRoute, new DeadLetterProcessor(spec.name(), uri, () -> producer,
                    host.deliveries(spec.name())));
            DeadLetterChannelBuilder dlc = new DeadLetterChannelBuilder(deadLetterRoute);
            dlc.maximumRedeliveries(redeliveries).redeliveryDelay(initial).useExponentialBackOff()
                    .backOffMultiplier(2).maximumRedeliveryDelay(max).retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logExhausted(true).logExhaustedMessageHistory(false);
            // when the dead letter cannot be written, the exchange fails and the source keeps the message
            dlc.setDeadLetterHandleNewException("false");
            return dlc;
        }
        DefaultErrorHandlerBuilder handler = new DefaultErrorHandlerBuilder();
        handler.maximumRedeliveries(redeliveries).redeliveryDelay(initial).useExponentialBackOff()
                .backOffMultiplier(2).maximumRedeliveryDelay(max).retryAttemptedLogLevel(LoggingLevel.WARN)
                .logExhaustedMessageHistory(false);
        return handler;
    }

    /** AMQP bindings get a Qpid JMS connection factory each (a caching one for output), bound in the registry. */
    private void registerConnectionFactories(BindingSpec spec) {
        if (spec.kind() != Kind.AMQP) {
            return;
        }
        JmsConnectionFactory factory = new JmsConnectionFactory(spec.option("url").orElseThrow());
        spec.option("username").ifPresent(factory::setUsername);
        spec.option("password").ifPresent(factory::setPassword);
        context.getRegistry().bind(connectionFactory(spec, "in"), factory);
        CachingConnectionFactory caching = new CachingConnectionFactory(factory);
        caching.setSessionCacheSize(4);
        context.getRegistry().bind(connectionFactory(spec, "out"), caching);
    }

    private static String connectionFactory(BindingSpec spec, String direction) {
        return "bindery-amqp-" + spec.name() + "-" + direction;
    }

    @Override
    public BindingResponse invoke(String binding, String operation, Object data, Map<String, String> metadata) {
        BindingSpec spec = specs.get(binding);
        if (spec == null) {
            throw new BindingException(binding, operation, "no such binding; configured: " + specs.keySet(), null);
        }
        Outputs calls = outputs;
        if (calls == null) {
            throw new BindingException(binding, operation, "the bindings have not started", null);
        }
        String uri;
        try {
            uri = spec.outputUri(connectionFactory(spec, "out"));
        } catch (IllegalArgumentException e) {
            throw new BindingException(binding, operation, e.getMessage(), e);
        }
        return calls.invoke(spec, uri, operation, data, metadata);
    }

    @Override
    public synchronized void close() {
        lags.forEach(BindingLag::close);
        try {
            if (ownContext) {
                context.close();
            } else {
                for (String route : routes) {
                    context.getRouteController().stopRoute(route);
                    context.removeRoute(route);
                }
                if (producer != null) {
                    producer.close();
                }
            }
        } catch (Exception e) {
            LOG.warn("The bindings did not stop cleanly", e);
        }
        specs.values().stream().filter(spec -> spec.kind() == Kind.AMQP).forEach(spec -> {
            Object caching = context.getRegistry().lookupByName(connectionFactory(spec, "out"));
            if (caching instanceof CachingConnectionFactory factory) {
                factory.destroy();
            }
        });
    }
}

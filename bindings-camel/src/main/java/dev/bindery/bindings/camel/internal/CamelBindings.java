package dev.bindery.bindings.camel.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.ErrorHandlerFactory;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.DefaultErrorHandlerBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;
import dev.bindery.bindings.camel.kind.BindingEvents;
import dev.bindery.bindings.camel.kind.BindingLag;
import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.bindings.camel.kind.OutputCall;
import dev.bindery.bindings.camel.kind.Remembered;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.spi.binding.BindingsHost;

/**
 * The bindings engine: one Camel route per input binding ({@code from(uri)} → CloudEvents → the Dispatcher, with
 * retries and a dead-letter endpoint from the binding's options), and a producer for the output bindings. What is
 * particular to a kind (its URIs, how its messages read, its operations, its lag) the engine asks of the kind.
 */
public final class CamelBindings implements BindingsEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CamelBindings.class);
    private static final String DEDUP = "BinderyDedupKey";

    private final BindingsHost host;
    private final CamelContext context;
    private final boolean ownContext;
    private final ObjectMapper mapper;
    private final Map<String, BindingSpec> specs = new LinkedHashMap<>();
    private final List<String> routes = new ArrayList<>();
    private final Map<String, DeadLetterProcessor> deadLetterRoutes = new LinkedHashMap<>();
    private final Map<String, String> outputUris = new ConcurrentHashMap<>();
    private volatile ProducerTemplate producer;
    private volatile boolean started;
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
        CamelBindingKinds kinds = CamelBindingKinds.load();
        host.bindings().forEach((name, options) -> specs.put(name, BindingSpec.parse(name, options, kinds,
                host.appId())));
        host.inputs().forEach((binding, function) -> {
            if (!specs.containsKey(binding)) {
                throw new IllegalArgumentException("Function '" + function + "' is bound to binding '" + binding
                        + "', which is not configured: set bindery.bindings." + binding + ".<kind> (one of "
                        + kinds.names() + ")");
            }
        });
    }

    @Override
    public synchronized void start() {
        try {
            specs.values().forEach(spec -> spec.binding().open(context));
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
            started = true;
            host.inputs().keySet().forEach(binding -> specs.get(binding).binding()
                    .lag(context.getRoute("bindery-" + binding).getEndpoint()).ifPresent(lag -> {
                        lags.add(lag);
                        host.lag(binding, lag);
                    }));
        } catch (Exception e) {
            throw new IllegalStateException("The bindings could not start: " + e.getMessage(), e);
        }
    }

    private void route(RouteBuilder builder, BindingSpec spec, String function) {
        String uri = spec.inputUri(context);
        MessageReader events = spec.binding().reader(new BindingEvents(spec.name(), source(uri), spec.eventType(),
                mapper));
        String id = "bindery-" + spec.name();
        RouteDefinition route = builder.from(uri).routeId(id);
        route.errorHandler(errorHandler(spec));
        spec.deadLetter().ifPresent(target -> routes.add("bindery-dead-letter-" + spec.name()));
        route.onException(DeliveryFailure.Rejected.class).maximumRedeliveries(0).end();
        DispatchProcessor dispatch = new DispatchProcessor(function, events, host.dispatcher(),
                host.deliveries(spec.name()));
        Remembered remembered = spec.binding().remembers();
        if (remembered != Remembered.NOTHING) {
            StateIdempotentRepository repository = new StateIdempotentRepository(host.store(spec.stateStore()),
                    remembered.ttl());
            // objects are remembered once processed or dead-lettered (without a dead letter, a failed one is seen
            // again on the next poll; Camel calls a dead-lettered exchange failed too); a schedule's firing is
            // claimed by one replica for good
            route.process(exchange -> {
                var mapped = events.toEvents(exchange);
                exchange.setProperty(DispatchProcessor.EVENTS, mapped);
                exchange.getMessage().setHeader(DEDUP, dedupKey(spec.name(), mapped.get(0)));
            }).idempotentConsumer(builder.header(DEDUP), repository).eager(true)
                    .removeOnFailure(remembered.forgetsFailures() && spec.deadLetter().isEmpty()).skipDuplicate(true)
                    .process(dispatch).end();
        } else {
            route.process(dispatch);
        }
        routes.add(id);
        LOG.info("Binding {} ({}) triggers function {}", spec.name(), spec.kind(), function);
    }

    /** @return the events' source: the endpoint without its options (which may hold credentials) */
    private static URI source(String endpointUri) {
        try {
            return URISupport.normalizeUriAsURI(URISupport.sanitizePath(URISupport.stripQuery(endpointUri)));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + URISupport.stripQuery(endpointUri) + "' is not a URI", e);
        }
    }

    /**
     * @return a key that is the same for the same message in every replica and across restarts: the scheduled fire
     *         time of a cron tick, the bucket, key and ETag of an object
     */
    private static String dedupKey(String binding, CloudEvent event) {
        return "binding/" + binding + "/" + event.getId().replace("||", "/");
    }

    private ErrorHandlerFactory errorHandler(BindingSpec spec) {
        long initial = spec.retryInitialDelay().toMillis();
        long max = spec.retryMaxDelay().toMillis();
        int redeliveries = spec.retryAttempts() - 1;
        if (spec.deadLetter().isPresent()) {
            String target = spec.deadLetter().get();
            String uri = specs.containsKey(target) ? specs.get(target).outputUri(context) : target;
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

    @Override
    public BindingResponse invoke(String binding, String operation, Object data, Map<String, String> metadata) {
        BindingSpec spec = specs.get(binding);
        if (spec == null) {
            throw new BindingException(binding, operation, "no such binding; configured: " + specs.keySet(), null);
        }
        if (!started) {
            throw new BindingException(binding, operation, "the bindings have not started", null);
        }
        String uri;
        try {
            uri = outputUris.computeIfAbsent(binding, name -> spec.outputUri(context));
        } catch (IllegalArgumentException e) {
            throw new BindingException(binding, operation, e.getMessage(), e);
        }
        return spec.binding().invoke(new OutputCall(binding, spec.kind(), operation, data, metadata, uri, producer,
                mapper));
    }

    /** An input binding whose route is not started (stopped, suspended, or failed to start) does not consume. */
    @Override
    public Map<String, String> failures() {
        if (!started) {
            return Map.of();
        }
        Map<String, String> failures = new TreeMap<>();
        for (String binding : host.inputs().keySet()) {
            ServiceStatus status = context.getRouteController().getRouteStatus("bindery-" + binding);
            if (status != ServiceStatus.Started) {
                failures.put(binding, "The route of input binding '" + binding + "' is "
                        + (status == null ? "gone" : status.name().toLowerCase(Locale.ROOT)) + ": it does not consume");
            }
        }
        return failures;
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
        specs.values().forEach(spec -> spec.binding().close(context));
    }
}

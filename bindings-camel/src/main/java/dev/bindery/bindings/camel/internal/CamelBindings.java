package dev.bindery.bindings.camel.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ErrorHandlerFactory;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
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
import dev.bindery.bindings.camel.kind.Remembered;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.spi.binding.BindingsHost;

/**
 * The bindings engine: one Camel route per input binding ({@code from(uri)} → CloudEvents → the Dispatcher, with
 * retries and a dead-letter endpoint from the binding's options), and a producer for the output bindings. What is
 * particular to a kind (its URIs, how its messages read, its operations, its lag) the engine asks of the kind. A binding
 * is rebuilt with new options while the others run ({@link #reconfigure}). Thread-safe: start, reconfigure and close
 * are serialised; calls of the output bindings run concurrently with them.
 */
public final class CamelBindings implements BindingsEngine {

    private static final Logger LOG = LoggerFactory.getLogger(CamelBindings.class);
    private static final String DEDUP = "BinderyDedupKey";

    private final BindingsHost host;
    private final CamelContext context;
    private final boolean ownContext;
    private final ObjectMapper mapper;
    private final CamelBindingKinds kinds;
    /** Replaced whole when a binding is rebuilt, so that the output calls read it without a lock. */
    private volatile Map<String, BindingSpec> specs;
    private final List<String> routes = new ArrayList<>();
    private final Map<String, DeadLetterProcessor> deadLetterRoutes = new LinkedHashMap<>();
    private final Map<String, OutputEndpoint> outputs = new ConcurrentHashMap<>();
    private volatile ProducerTemplate producer;
    private volatile boolean started;
    private boolean closed;
    private final Map<String, BindingLag> lags = new ConcurrentHashMap<>();

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
        this.kinds = CamelBindingKinds.load();
        Map<String, BindingSpec> parsed = new LinkedHashMap<>();
        host.bindings().forEach((name, options) -> parsed.put(name, BindingSpec.parse(name, options, kinds,
                host.appId())));
        this.specs = Collections.unmodifiableMap(parsed);
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
            host.inputs().keySet().forEach(binding -> {
                if (measureLag(specs.get(binding))) {
                    // the gauge asks the binding's current source, which a rebuild replaces
                    host.lag(binding, () -> {
                        BindingLag lag = lags.get(binding);
                        return lag == null ? -1 : lag.getAsLong();
                    });
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("The bindings could not start: " + e.getMessage(), e);
        }
    }

    /** @return whether the kind tells the lag of the binding's input, whose route runs */
    private boolean measureLag(BindingSpec spec) {
        return spec.binding().lag(context.getRoute(routeId(spec.name())).getEndpoint()).map(lag -> {
            lags.put(spec.name(), lag);
            return true;
        }).orElse(false);
    }

    private static String routeId(String binding) {
        return "bindery-" + binding;
    }

    private static String deadLetterRouteId(String binding) {
        return "bindery-dead-letter-" + binding;
    }

    /**
     * Rebuilds one binding from its options as configured now: an input's route stops once the messages in flight
     * were processed and acknowledged (what its source still holds stays there), its endpoint is dropped, and a route
     * on an endpoint built from the new options starts; an output's next call uses an endpoint built from the new
     * options, and its old endpoint stops once the calls in flight on it finished. New options that are wrong leave
     * the binding as it was. Blocking.
     *
     * @throws IllegalArgumentException naming the binding when it is not configured, or the option that is wrong
     * @throws IllegalStateException when the engine was closed, or the new route could not start
     */
    @Override
    public synchronized void reconfigure(String binding, Map<String, String> options) {
        BindingSpec old = specs.get(binding);
        if (old == null) {
            throw new IllegalArgumentException("No binding '" + binding + "' to rebuild; configured: "
                    + specs.keySet());
        }
        if (closed) {
            throw new IllegalStateException("The bindings are closed: binding '" + binding + "' is not rebuilt");
        }
        BindingSpec next = BindingSpec.parse(binding, options, kinds, host.appId());
        String function = host.inputs().get(binding);
        if (function != null) {
            next.inputUri(context);
        }
        if (!started) {
            replace(next);
            return;
        }
        try {
            if (function != null) {
                stopInput(binding);
            }
            replace(next);
            // calls that come meanwhile wait for the old endpoint to be retired, then build the new one
            outputs.compute(binding, (name, output) -> {
                if (output != null) {
                    output.retire();
                }
                return null;
            });
            old.binding().close(context);
            next.binding().open(context);
            if (function != null) {
                context.addRoutes(new RouteBuilder(context) {
                    @Override
                    public void configure() {
                        route(this, next, function);
                        String deadLetter = "direct:" + deadLetterRouteId(binding);
                        DeadLetterProcessor letters = deadLetterRoutes.get(deadLetter);
                        if (letters != null) {
                            from(deadLetter).routeId(deadLetterRouteId(binding)).process(letters);
                        }
                    }
                });
                measureLag(next);
            }
            LOG.info("Binding {} ({}) rebuilt with its new options", binding, next.kind());
        } catch (Exception e) {
            throw new IllegalStateException("Binding '" + binding + "' could not be rebuilt: " + e.getMessage(), e);
        }
    }

    private void replace(BindingSpec spec) {
        Map<String, BindingSpec> next = new LinkedHashMap<>(specs);
        next.put(spec.name(), spec);
        specs = Collections.unmodifiableMap(next);
    }

    /**
     * Stops an input's route (messages in flight finish and are acknowledged; Camel's shutdown strategy), then its
     * dead-letter route, removes both and drops the input's endpoint, so that a new one is built from new options.
     */
    private void stopInput(String binding) throws Exception {
        BindingLag lag = lags.remove(binding);
        if (lag != null) {
            lag.close();
        }
        Endpoint input = context.getRoute(routeId(binding)).getEndpoint();
        for (String route : List.of(routeId(binding), deadLetterRouteId(binding))) {
            if (routes.remove(route)) {
                context.getRouteController().stopRoute(route);
                context.removeRoute(route);
            }
        }
        deadLetterRoutes.remove("direct:" + deadLetterRouteId(binding));
        if (context.hasEndpoint(input.getEndpointUri()) != null) {
            context.removeEndpoint(input);
        }
    }

    private void route(RouteBuilder builder, BindingSpec spec, String function) {
        String uri = spec.inputUri(context);
        MessageReader events = spec.binding().reader(new BindingEvents(spec.name(), source(uri), spec.eventType(),
                mapper));
        String id = routeId(spec.name());
        RouteDefinition route = builder.from(uri).routeId(id);
        route.errorHandler(errorHandler(spec));
        spec.deadLetter().ifPresent(target -> routes.add(deadLetterRouteId(spec.name())));
        route.onException(DeliveryFailure.Rejected.class).maximumRedeliveries(0).end();
        DispatchProcessor dispatch = new DispatchProcessor(function, events, host.dispatcher(),
                host.deliveries(spec.name()), MessageCredentials.of(uri, spec.caller(), host.appId()));
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
            Function<Processor, Exchange> send;
            if (specs.containsKey(target)) {
                specs.get(target).outputUri(context); // the target can be written to
                // through the target binding's current endpoint, which a rebuild of that binding replaces
                send = letter -> send(target, letter);
            } else {
                send = letter -> producer.send(target, letter);
            }
            String deadLetterRoute = "direct:" + deadLetterRouteId(spec.name());
            deadLetterRoutes.put(deadLetterRoute, new DeadLetterProcessor(spec.name(), target, send,
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
        while (true) {
            OutputEndpoint output;
            try {
                output = output(binding);
            } catch (IllegalArgumentException e) {
                throw new BindingException(binding, operation, e.getMessage(), e);
            }
            BindingResponse response = output.invoke(operation, data, metadata, mapper);
            if (response != null) {
                return response;
            }
            // the binding was rebuilt after this call took its endpoint: the next one is built from the new options
        }
    }

    /** @return the binding's output endpoint as its options are now */
    private OutputEndpoint output(String binding) {
        return outputs.computeIfAbsent(binding, name -> new OutputEndpoint(specs.get(name), context));
    }

    /** Sends a dead letter to an output binding. */
    private Exchange send(String binding, Processor letter) {
        while (true) {
            Exchange sent = output(binding).send(letter);
            if (sent != null) {
                return sent;
            }
        }
    }

    /** The endpoint is shown as the events' source is: without its options, the credentials in its path masked. */
    @Override
    public Optional<Description> describe(String binding) {
        BindingSpec spec = specs.get(binding);
        if (spec == null) {
            return Optional.empty();
        }
        String endpoint;
        try {
            endpoint = source(host.inputs().containsKey(binding) ? spec.inputUri(context) : spec.outputUri(context))
                    .toString();
        } catch (RuntimeException unknown) {
            endpoint = null;
        }
        return Optional.of(new Description(spec.kind(), endpoint));
    }

    /** An input binding whose route is not started (stopped, suspended, or failed to start) does not consume. */
    @Override
    public Map<String, String> failures() {
        if (!started) {
            return Map.of();
        }
        Map<String, String> failures = new TreeMap<>();
        for (String binding : host.inputs().keySet()) {
            ServiceStatus status = context.getRouteController().getRouteStatus(routeId(binding));
            if (status != ServiceStatus.Started) {
                failures.put(binding, "The route of input binding '" + binding + "' is "
                        + (status == null ? "gone" : status.name().toLowerCase(Locale.ROOT)) + ": it does not consume");
            }
        }
        return failures;
    }

    @Override
    public synchronized void close() {
        closed = true;
        lags.values().forEach(BindingLag::close);
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
                outputs.values().forEach(OutputEndpoint::retire);
            }
        } catch (Exception e) {
            LOG.warn("The bindings did not stop cleanly", e);
        }
        specs.values().forEach(spec -> spec.binding().close(context));
    }
}

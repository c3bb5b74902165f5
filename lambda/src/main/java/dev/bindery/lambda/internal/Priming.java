package dev.bindery.lambda.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.support.DeadLetters;

/**
 * Warms what every invocation runs, before a SnapStart snapshot: one event of each AWS shape goes through the whole
 * invocation — read, mapped to CloudEvents, routed by the host's dispatcher, its reply encoded as the source expects
 * ({@code batchItemFailures}, an API Gateway response in binary and structured mode, a CloudEvent) — and a dead letter
 * is encoded. Routing only {@linkplain Dispatcher#resolve resolves} the function: no stage and no function runs, so
 * nothing is written to state, sent to a binding or published, and priming opens no connection and starts no thread.
 * The replies are made up here, as a function's would be.
 */
public final class Priming {

    private static final System.Logger LOG = System.getLogger(Priming.class.getName());
    private static final String EVENTS = "priming-events.json";

    /** What priming did: per shape, the functions its events would have gone to (empty: none matched). */
    public record Report(Map<String, List<String>> routed, long millis) {
    }

    private final Dispatcher dispatcher;
    private final ObjectMapper mapper;
    private final Routing routing;

    public Priming(Dispatcher dispatcher, ObjectMapper mapper, Routing routing) {
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.routing = routing;
    }

    /**
     * @return which function each shape's events were routed to
     * @throws IllegalStateException when a shape could not be read or answered: the mapping is broken
     */
    public Report prime() {
        long start = System.nanoTime();
        Map<String, List<String>> routed = new LinkedHashMap<>();
        List<String> current = new ArrayList<>();
        LambdaInvocations invocations = new LambdaInvocations(resolvingOnly(current), mapper, routing);
        Iterator<Map.Entry<String, JsonNode>> shapes = events().fields();
        while (shapes.hasNext()) {
            Map.Entry<String, JsonNode> shape = shapes.next();
            current.clear();
            try {
                invocations.handle(mapper.writeValueAsBytes(shape.getValue()));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("Priming the Lambda shape '" + shape.getKey() + "' failed: " + e
                        .getMessage(), e);
            }
            routed.put(shape.getKey(), List.copyOf(current));
        }
        CloudEvent probe = CloudEventBuilder.v1().withId("priming").withSource(URI.create("/bindery/priming"))
                .withType("dev.bindery.lambda.priming").build();
        DeadLetters.structured(DeadLetters.of(probe, "priming", 1, new DeadLetters.Origin(DispatchRequest.LAMBDA,
                "priming", "priming")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        LOG.log(Level.INFO, "Primed the Lambda invocation path (" + routed.size() + " event shapes) in " + millis
                + " ms");
        return new Report(Map.copyOf(routed), millis);
    }

    /**
     * A dispatcher that resolves each event's function with the host's and answers as that function would, with a
     * reply, without running it.
     */
    private Dispatcher resolvingOnly(List<String> resolved) {
        return new Dispatcher() {
            @Override
            public CompletionStage<Outcome> dispatch(DispatchRequest request) {
                Optional<String> function = dispatcher.resolve(request);
                function.ifPresent(resolved::add);
                String name = function.orElse("priming");
                CloudEvent event = request.event();
                CloudEventBuilder reply = CloudEventBuilder.v1().withId("priming-reply")
                        .withSource(URI.create(name)).withType(name + ".output");
                if (event.getData() != null) {
                    reply.withData(event.getDataContentType() == null
                            ? "application/json"
                            : event
                                    .getDataContentType(),
                            event.getData().toBytes());
                }
                return CompletableFuture.completedFuture(new Outcome.Replied(name, reply.build()));
            }
        };
    }

    private JsonNode events() {
        try (InputStream in = Priming.class.getResourceAsStream(EVENTS)) {
            if (in == null) {
                throw new IllegalStateException("The priming events " + EVENTS + " are missing from the package");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.bindery.bench.actors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;

/**
 * Calls {@link CounterFunction} through the host's dispatcher the way {@code DispatchingActorClient} calls an actor: an
 * event per call (a new id, the argument as JSON), dispatched as the application, the reply read back; blocking.
 */
final class FunctionCalls {

    private static final URI SOURCE = URI.create("/bench/function-client");

    private final ActorHost host;
    private final Credentials self = Credentials.verified(Caller.app(ActorHost.APP));

    FunctionCalls(ActorHost host) {
        this.host = host;
    }

    int increment(String id) {
        try {
            CloudEvent event = CloudEventBuilder.v1().withId(UUID.randomUUID().toString()).withSource(SOURCE)
                    .withType("counterIncrement")
                    .withData("application/json", host.mapper.writeValueAsBytes(new CounterFunction.Increment(id, 1)))
                    .build();
            Outcome outcome = host.dispatcher.dispatch(new DispatchRequest(event,
                    new DispatchRequest.Function("counterIncrement"), "bench", self)).toCompletableFuture().get();
            if (!(outcome instanceof Outcome.Replied replied)) {
                throw new IllegalStateException("counterIncrement: " + outcome);
            }
            return host.mapper.readValue(replied.reply().getData().toBytes(), Integer.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}

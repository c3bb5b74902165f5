package dev.bindery.examples.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.actors.ActorClient;
import dev.bindery.internal.actors.ActorAddress;
import dev.bindery.internal.actors.ActorMovedException;
import dev.bindery.runtime.internal.HttpActorForwarder;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;

/**
 * The forwarder that sends an actor call to the member owning the actor, against this application's own ingress as
 * the owner (a member of one is the owner of every actor), and against a port nobody listens on.
 */
@QuarkusTest
class HttpActorForwarderTest {

    /**
     * The forwarder's own timeout: a class's first call activates an actor, which may open the actors' store, and once
     * took over 10 s on a loaded CI machine. The tests check outcomes, not latency.
     */
    private static final long WAIT = 30;

    @TestHTTPResource("/")
    URI base;

    @Inject
    HttpActorForwarder forwarder;

    @Inject
    ActorClient actors;

    private static DispatchRequest call(String id, String method, String data) {
        CloudEventBuilder event = CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("/forwarder-test")).withType("Counter." + method)
                .withExtension(ActorAddress.TYPE, "Counter").withExtension(ActorAddress.ID, id)
                .withExtension(ActorAddress.METHOD, method);
        if (data != null) {
            event.withData("application/json", data.getBytes());
        }
        return DispatchRequest.to("Counter." + method, event.build(), "actor");
    }

    @Test
    void theOwnersReplyComesBackAsTheOutcome() throws Exception {
        String id = "f-" + UUID.randomUUID();
        Outcome outcome = forwarder.forward(base.toString(), call(id, "increment", "5"), 0).toCompletableFuture()
                .get(WAIT, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(Outcome.Replied.class);
        CloudEvent reply = ((Outcome.Replied) outcome).reply();
        assertThat(new String(reply.getData().toBytes())).isEqualTo("5");
        assertThat(actors.call("Counter", id, "get", null, Integer.class)).isEqualTo(5);
    }

    @Test
    void theOwnersRefusalsComeBackAsTheirOutcomes() throws Exception {
        String id = "f-" + UUID.randomUUID();
        assertThat(forwarder.forward(base.toString(), call(id, "nope", null), 0).toCompletableFuture()
                .get(WAIT, TimeUnit.SECONDS)).isInstanceOf(Outcome.NotFound.class);
        assertThat(forwarder.forward(base.toString(), call(id, "reject", null), 0).toCompletableFuture()
                .get(WAIT, TimeUnit.SECONDS)).isInstanceOf(Outcome.Rejected.class);
        assertThat(forwarder.forward(base.toString(), call(id, "fail", null), 0).toCompletableFuture()
                .get(WAIT, TimeUnit.SECONDS)).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void anOwnerThatCannotBeReachedIsAMoveTheClientRetries() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Outcome outcome = forwarder.forward("http://127.0.0.1:" + closed, call("f-1", "get", null), 0)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(Outcome.HostFailure.class);
        assertThat(outcome.failure()).containsInstanceOf(ActorMovedException.class);
    }
}

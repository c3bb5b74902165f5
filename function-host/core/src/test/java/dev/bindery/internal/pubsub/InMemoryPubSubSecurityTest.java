package dev.bindery.internal.pubsub;

import static dev.bindery.internal.invoke.SampleFunctions.function;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.security.AccessPolicy;
import dev.bindery.internal.security.SecurityStage;
import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.pubsub.BrokerSettings;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.RetryPolicy;
import dev.bindery.testing.CountingDeliveries;

/**
 * In-memory pub/sub with security on: what it delivers was published by this application, so the security stage sees
 * the application as the caller and its access policy applies, as to any other caller.
 */
class InMemoryPubSubSecurityTest {

    private static final CloudEvent ORDER = CloudEventBuilder.v1().withId("o-1").withSource(URI.create("/shop"))
            .withType("com.example.order.placed").withData("application/json",
                    "{\"id\":\"o-1\",\"item\":\"cup\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8))
            .build();

    private final List<DispatchRequest> dispatched = new CopyOnWriteArrayList<>();
    private final List<CloudEvent> deadLetters = new CopyOnWriteArrayList<>();
    private final CountingDeliveries told = new CountingDeliveries();
    private PubSubBroker broker;

    @AfterEach
    void close() {
        broker.close();
    }

    /** Security on, default deny; the application "shop-app" may run {@code sink}. */
    private Dispatcher secured() {
        AccessPolicy policy = new AccessPolicy(false, Map.of("shop-app", new AccessPolicy.Policy(
                List.of(new AccessPolicy.Rule("sink", true)), List.of(), Set.of())));
        SecurityStage security = new SecurityStage(true, List.of(), policy, (outcome, request, caller, why) -> {
        });
        FunctionDispatcher dispatcher = new FunctionDispatcher(List.of(function("sink", "sink")
                .subscription(new FunctionDefinition.Subscription("shop", "orders", List.of())).build()),
                new ObjectMapper(), Map.of(), List.of(security));
        return request -> {
            dispatched.add(request);
            return dispatcher.dispatch(request);
        };
    }

    private void publishAndAwaitOneOutcome(BrokerSettings settings) throws Exception {
        broker = new InMemoryPubSubBrokerProvider().open(settings);
        broker.subscribe("orders-dlq", "dead-letters", message -> {
            deadLetters.add(message.event());
            return CompletableFuture.completedFuture(null);
        });
        broker.subscribe("orders", "shop-app", new SubscriptionDelivery("shop", secured(), broker, "orders-dlq",
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5)), told));
        broker.send("orders", "o-1", ORDER, false, Map.of()).toCompletableFuture().get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (told.told("acknowledged") + deadLetters.size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void anEventThisApplicationPublishedIsDeliveredAsTheApplication() throws Exception {
        publishAndAwaitOneOutcome(new BrokerSettings("shop", Duration.ofSeconds(5), Map.of(), "shop-app"));

        assertThat(dispatched).singleElement().extracting(DispatchRequest::credentials)
                .isEqualTo(Credentials.verified(Caller.app("shop-app")));
        assertThat(told.told("acknowledged")).isOne();
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aBrokerNotToldTheAppIdDeliversUnauthenticatedEventsWhichAreDeadLetteredAtOnce() throws Exception {
        publishAndAwaitOneOutcome(new BrokerSettings("shop", Duration.ofSeconds(5), Map.of()));

        assertThat(dispatched).singleElement().extracting(DispatchRequest::credentials).isEqualTo(Credentials.none());
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.getExtension(DeadLetters.REASON).toString()).contains("credential is required");
            assertThat(letter.getExtension(DeadLetters.ATTEMPTS)).isEqualTo(1);
        });
    }
}

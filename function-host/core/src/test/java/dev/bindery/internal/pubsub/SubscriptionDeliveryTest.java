package dev.bindery.internal.pubsub;

import static dev.bindery.internal.invoke.SampleFunctions.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.pubsub.PublishException;
import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.RetryPolicy;
import dev.bindery.testing.CountingDeliveries;

/** What a subscription does with each outcome: acknowledge, retry, or dead-letter, whatever the broker. */
class SubscriptionDeliveryTest {

    private static final CloudEvent EVENT = CloudEventBuilder.v1().withId("o-1").withSource(URI.create("/shop"))
            .withType("com.example.order.placed").withData("text/plain", "x".getBytes()).build();
    private static final PubSubBroker.Message MESSAGE = new PubSubBroker.Message("orders", 2, 117L, "o-1", EVENT,
            false);

    private final List<DispatchRequest> dispatched = Collections.synchronizedList(new ArrayList<>());
    private final List<PubSubBroker.Message> deadLetters = Collections.synchronizedList(new ArrayList<>());
    private final CountingDeliveries told = new CountingDeliveries();
    private boolean deadLetterTopicDown;

    /** Records what is sent; subscribing is not needed. */
    private final PubSubBroker broker = new PubSubBroker() {
        @Override
        public CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw,
                Map<String, String> metadata) {
            if (deadLetterTopicDown) {
                return CompletableFuture.failedFuture(new PublishException("broker unreachable", null));
            }
            deadLetters.add(new PubSubBroker.Message(topic, -1, -1, key, event, raw));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Subscription subscribe(String topic, String group, Delivery delivery) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    };

    /** A dispatcher that answers with the given outcomes in turn, the last one again once they run out. */
    private Dispatcher answering(Outcome... outcomes) {
        Iterator<Outcome> next = List.of(outcomes).iterator();
        Outcome[] last = {null};
        return request -> {
            dispatched.add(request);
            last[0] = next.hasNext() ? next.next() : last[0];
            return CompletableFuture.completedFuture(last[0]);
        };
    }

    private void deliver(Dispatcher dispatcher, int attempts) {
        new SubscriptionDelivery("shop", dispatcher, broker, "orders-dlq",
                new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5)), told)
                .deliver(MESSAGE).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private static Outcome failed(String why) {
        return new Outcome.Failed("apply", "Function 'apply' failed: " + why, new IllegalStateException(why));
    }

    @Test
    void aProcessedEventIsAcknowledgedAfterOneDispatchToTheTopicsSubscribers() {
        deliver(answering(new Outcome.NoReply("apply", false)), 3);

        assertThat(dispatched).containsExactly(DispatchRequest.topic("shop", "orders", EVENT));
        assertThat(deadLetters).isEmpty();
        assertThat(told.told("received")).isOne();
        assertThat(told.told("acknowledged")).isOne();
        assertThat(told.kinds()).containsOnly("received", "acknowledged");
    }

    @Test
    void aRetryableOutcomeIsRetriedUntilTheAttemptsRunOutThenDeadLettered() {
        deliver(answering(failed("database down")), 3);

        assertThat(dispatched).hasSize(3);
        PubSubBroker.Message letter = deadLetters.get(0);
        assertThat(letter.topic()).isEqualTo("orders-dlq");
        assertThat(letter.key()).isEqualTo("o-1");
        assertThat(letter.event().getId()).isEqualTo("o-1");
        assertThat(letter.event().getExtension(DeadLetters.REASON)).isEqualTo("Function 'apply' failed: database down");
        assertThat(letter.event().getExtension(DeadLetters.ATTEMPTS)).isEqualTo(3);
        assertThat(letter.event().getExtension(DeadLetters.ORIGIN)).isEqualTo("pubsub:orders#2/117");
        assertThat(told.told("retried")).isEqualTo(2);
        assertThat(told.told("deadLettered")).isOne();
        assertThat(told.told("acknowledged")).isZero();
    }

    @Test
    void aHostFailureIsRetriedLikeAFunctionFailure() {
        deliver(answering(Outcome.HostFailure.of("apply", "store down", null, EVENT),
                new Outcome.NoReply("apply", false)), 3);

        assertThat(dispatched).hasSize(2);
        assertThat(deadLetters).isEmpty();
        assertThat(told.told("acknowledged")).isOne();
    }

    @Test
    void aFinalOutcomeIsDeadLetteredAtOnce() {
        deliver(answering(new Outcome.Rejected("apply", "Function 'apply' rejected the event: not an order", null,
                null)), 5);

        assertThat(dispatched).hasSize(1);
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.event().getExtension(DeadLetters.ATTEMPTS)).isEqualTo(1);
            assertThat(letter.event().getExtension(DeadLetters.REASON).toString()).contains("not an order");
        });
    }

    @Test
    void aMessageTheBrokerCouldNotReadIsDeadLetteredAtOnceWithItsBytesAndNeverDispatched() {
        byte[] bytes = "{\"order\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        PubSubBroker.Message unreadable = PubSubBroker.Message.unreadable("orders", 2, 118L, "o-2",
                new PubSubBroker.Unreadable(bytes, "application/json", "Invalid specversion: 0.1"));

        new SubscriptionDelivery("shop", answering(new Outcome.NoReply("apply", false)), broker, "orders-dlq",
                new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5)), told)
                .deliver(unreadable).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(dispatched).isEmpty();
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isEqualTo("orders-dlq");
            assertThat(letter.key()).isEqualTo("o-2");
            assertThat(letter.event().getType()).isEqualTo(DeadLetters.UNREADABLE_TYPE);
            assertThat(letter.event().getData().toBytes()).isEqualTo(bytes);
            assertThat(letter.event().getExtension(DeadLetters.REASON)).isEqualTo("Invalid specversion: 0.1");
            assertThat(letter.event().getExtension(DeadLetters.ORIGIN)).isEqualTo("pubsub:orders#2/118");
            assertThat(letter.event().getExtension(DeadLetters.ATTEMPTS)).isEqualTo(1);
        });
        assertThat(told.told("received")).isEqualTo(1);
        assertThat(told.told("deadLettered")).isEqualTo(1);
    }

    @Test
    void aRetryThatEndsFinalStopsRetryingWithItsReason() {
        deliver(answering(failed("timeout"), new Outcome.NotFound("apply", "No order o-1")), 5);

        assertThat(dispatched).hasSize(2);
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.event().getExtension(DeadLetters.ATTEMPTS)).isEqualTo(2);
            assertThat(letter.event().getExtension(DeadLetters.REASON)).isEqualTo("No order o-1");
        });
    }

    @Test
    void oneAttemptMeansNoRetryAndTwoMeanOne() {
        deliver(answering(failed("once")), 1);
        assertThat(dispatched).hasSize(1);
        assertThat(deadLetters).singleElement()
                .satisfies(letter -> assertThat(letter.event().getExtension(DeadLetters.ATTEMPTS)).isEqualTo(1));

        dispatched.clear();
        deadLetters.clear();
        deliver(answering(failed("twice")), 2);
        assertThat(dispatched).hasSize(2);
        assertThat(deadLetters).singleElement()
                .satisfies(letter -> assertThat(letter.event().getExtension(DeadLetters.ATTEMPTS)).isEqualTo(2));
    }

    @Test
    void anEventNoSubscriberMatchesIsDeadLetteredAtOnce() {
        FunctionDispatcher dispatcher = new FunctionDispatcher(List.of(function("cancelled", "describe")
                .subscription(new FunctionDefinition.Subscription("shop", "orders",
                        List.of(EventFilter.typeEquals("com.example.order.cancelled"))))
                .build()), new ObjectMapper(), Map.of(), List.of());

        deliver(request -> {
            dispatched.add(request);
            return dispatcher.dispatch(request);
        }, 3);

        assertThat(dispatched).hasSize(1);
        assertThat(deadLetters).singleElement().satisfies(letter -> assertThat(letter.event()
                .getExtension(DeadLetters.REASON).toString())
                .startsWith("No subscriber of topic 'orders' (pub/sub 'shop') matches event type "
                        + "'com.example.order.placed'"));
    }

    @Test
    void whenTheDeadLetterCannotBeSentTheEventStaysWithTheBroker() {
        deadLetterTopicDown = true;

        assertThatThrownBy(() -> deliver(answering(failed("database down")), 1))
                .hasRootCauseInstanceOf(PublishException.class);
        assertThat(told.told("failed")).isOne();
        assertThat(told.told("deadLettered")).isZero();
        assertThat(told.told("acknowledged")).isZero();
    }

    private void deliver(PubSubBroker.Message message, Caller uncredentialed) {
        new SubscriptionDelivery("shop", answering(new Outcome.NoReply("apply", false)), broker, "orders-dlq",
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(5)), told, uncredentialed)
                .deliver(message).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    void theMessagesCredentialIsDispatchedWithItsEvent() {
        Credentials token = new Credentials.Token("t-1", Credentials.API_TOKEN);
        deliver(MESSAGE.withCredentials(token), null);
        deliver(MESSAGE, null);

        assertThat(dispatched).extracting(DispatchRequest::credentials).containsExactly(token, Credentials.none());
    }

    @Test
    void theComponentsCallerStandsInOnlyForAMessageWithoutAnyCredential() {
        Caller pipeline = new Caller(Caller.Kind.PRINCIPAL, "orders-pipeline", Set.of());
        Credentials token = new Credentials.Token("t-1", Credentials.API_TOKEN);
        Credentials malformed = new Credentials.Malformed("The bindery-api-token header is empty");

        deliver(MESSAGE, pipeline);
        deliver(MESSAGE.withCredentials(token), pipeline);
        deliver(MESSAGE.withCredentials(malformed), pipeline);

        assertThat(dispatched).extracting(DispatchRequest::credentials)
                .containsExactly(Credentials.verified(pipeline), token, malformed);
    }
}

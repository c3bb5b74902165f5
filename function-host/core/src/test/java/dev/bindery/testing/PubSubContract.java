package dev.bindery.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.function.EventRejectedException;
import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.pubsub.BrokerPublisher;
import dev.bindery.internal.pubsub.SubscriptionDelivery;
import dev.bindery.internal.stages.IdempotencyStage;
import dev.bindery.internal.state.InMemoryStateBackend;
import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.pubsub.Publisher;
import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.RetryPolicy;
import dev.bindery.state.StateStore;

/**
 * The pub/sub delivery contract every broker must keep, with the host's delivery pipeline on top: extend it and
 * return the broker under test. Each test uses its own topics.
 */
public abstract class PubSubContract {

    public record Order(String id, int sequence) {
    }

    /** The name of the pub/sub component the functions subscribe through. */
    private static final String COMPONENT = "contract";
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50));

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<PubSubBroker.Subscription> subscriptions = Collections.synchronizedList(new ArrayList<>());
    private String topic;
    /** What the delivery listener of group {@code app} was told. */
    private final CountingDeliveries told = new CountingDeliveries();

    /** @return the broker under test */
    protected abstract PubSubBroker broker();

    @BeforeEach
    void newTopic() {
        topic = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @org.junit.jupiter.api.AfterEach
    void unsubscribe() {
        subscriptions.forEach(PubSubBroker.Subscription::close);
    }

    protected Publisher publisher() {
        return new BrokerPublisher(broker(), mapper, "/apps/contract", Duration.ofSeconds(10));
    }

    /**
     * Subscribes a handler as the one function of the topic, routed by a {@link FunctionDispatcher} as the host does;
     * returns the received events. The handler's stage completes with the function's result (null: no reply) or its
     * failure: an {@link EventRejectedException} is a rejection, anything else a retryable failure.
     *
     * @param idempotency where the dispatcher's {@link IdempotencyStage} remembers processed events, or null for none
     */
    protected List<CloudEvent> subscribe(String topic, String group, Function<CloudEvent, CompletionStage<?>> handler,
            StateStore idempotency) {
        List<CloudEvent> received = Collections.synchronizedList(new ArrayList<>());
        Handler function = new Handler(event -> {
            received.add(event);
            return handler.apply(event);
        });
        FunctionDefinition definition = FunctionDefinition.builder("handler", Handler.METHOD).target(() -> function)
                .executionMode(ExecutionMode.EVENT_LOOP)
                .subscription(new FunctionDefinition.Subscription(COMPONENT, topic, List.of()))
                .build();
        // the in-memory store does not block: its calls run on the delivering thread
        List<Stage> stages = idempotency == null
                ? List.of()
                : List.of(new IdempotencyStage("app", dispatch -> Optional.of(new IdempotencyStage.Remember(
                        idempotency, Duration.ofHours(1))), Runnable::run));
        Dispatcher dispatcher = new FunctionDispatcher(List.of(definition), mapper, Map.of(), stages);
        SubscriptionDelivery delivery = new SubscriptionDelivery(COMPONENT, dispatcher, broker(), topic + "-dlq",
                FAST_RETRIES, group.equals("app") ? told : DeliveryListener.NONE);
        subscriptions.add(broker().subscribe(topic, group, delivery));
        return received;
    }

    protected List<CloudEvent> subscribeAll(String topic) {
        return subscribe(topic, "observer", PubSubContract::ok, null);
    }

    private static CompletionStage<?> ok(CloudEvent event) {
        return CompletableFuture.completedFuture(null);
    }

    /** The function of {@link #subscribe}: hands each event to the test's handler. */
    public static final class Handler {
        static final Method METHOD;

        static {
            try {
                METHOD = Handler.class.getMethod("handle", CloudEvent.class);
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Function<CloudEvent, CompletionStage<?>> handler;

        Handler(Function<CloudEvent, CompletionStage<?>> handler) {
            this.handler = handler;
        }

        public CompletionStage<?> handle(CloudEvent event) {
            return handler.apply(event);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aPublishedEventArrivesWithAllItsAttributes() throws Exception {
        List<CloudEvent> received = subscribe(topic, "app", PubSubContract::ok, null);

        String id = publisher().publish(PublishRequest.to(topic).data(new Order("o-1", 1))
                .type("com.example.order.accepted").subject("o-1").extension("tenant", "acme").orderingKey("o-1")
                .build());

        await("the event", () -> received.size() == 1);
        CloudEvent event = received.get(0);
        assertThat(event.getId()).isEqualTo(id);
        assertThat(event.getSource()).isEqualTo(URI.create("/apps/contract"));
        assertThat(event.getType()).isEqualTo("com.example.order.accepted");
        assertThat(event.getSubject()).isEqualTo("o-1");
        assertThat(event.getTime()).isNotNull();
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(event.getExtension("tenant")).isEqualTo("acme");
        assertThat(mapper.readValue(event.getData().toBytes(), Order.class)).isEqualTo(new Order("o-1", 1));
    }

    @Test
    void rawAndBulkPublishesArrive() throws Exception {
        List<CloudEvent> received = subscribe(topic, "app", PubSubContract::ok, null);

        publisher().publish(PublishRequest.to(topic).data("plain bytes".getBytes()).raw(true).build());
        List<Publisher.PublishResult> bulk = publisher().publishBulk(List.of(
                PublishRequest.to(topic).data(new Order("b-1", 1)).build(),
                PublishRequest.to(topic).data(new Order("b-2", 2)).build()));

        assertThat(bulk).allMatch(Publisher.PublishResult::succeeded);
        await("three events", () -> received.size() == 3);
        assertThat(received).filteredOn(e -> e.getType().equals("dev.bindery.pubsub.raw")).singleElement()
                .satisfies(raw -> {
                    assertThat(new String(raw.getData().toBytes())).isEqualTo("plain bytes");
                    assertThat(raw.getSource()).isEqualTo(URI.create("pubsub:" + topic));
                });
        assertThat(received).filteredOn(e -> e.getType().equals(topic + ".published")).hasSize(2);
    }

    @Test
    void aHandlerThatFailsTwiceIsCalledThreeTimesAndTheStreamGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<CloudEvent> received = subscribe(topic, "app", event -> {
            if (event.getSubject().equals("flaky") && calls.incrementAndGet() <= 2) {
                return CompletableFuture.failedFuture(new IllegalStateException("transient"));
            }
            return ok(event);
        }, null);
        List<CloudEvent> dead = subscribeAll(topic + "-dlq");

        publisher().publish(PublishRequest.to(topic).data(1).subject("flaky").orderingKey("k").build());
        publisher().publish(PublishRequest.to(topic).data(2).subject("next").orderingKey("k").build());

        await("both events handled", () -> received.stream().anyMatch(e -> e.getSubject().equals("next")));
        assertThat(received).extracting(CloudEvent::getSubject).containsExactly("flaky", "flaky", "flaky", "next");
        Thread.sleep(200);
        assertThat(dead).isEmpty();
        assertThat(told.kinds()).as("the delivery listener").containsOnly("received", "retried", "acknowledged");
        assertThat(told.told("received")).isEqualTo(2);
        assertThat(told.told("retried")).isEqualTo(2);
        assertThat(told.told("acknowledged")).isEqualTo(2);
    }

    @Test
    void aHandlerThatAlwaysFailsEndsInTheDeadLetterTopicWithTheReason() throws Exception {
        List<CloudEvent> received = subscribe(topic, "app",
                event -> CompletableFuture.failedFuture(new IllegalStateException("database down")), null);
        List<CloudEvent> dead = subscribeAll(topic + "-dlq");

        String id = publisher().publish(PublishRequest.to(topic).data(1).orderingKey("k").build());

        await("the dead letter", () -> dead.size() == 1);
        CloudEvent letter = dead.get(0);
        assertThat(letter.getId()).isEqualTo(id);
        assertThat(letter.getExtension(DeadLetters.REASON).toString())
                .isEqualTo("Function 'handler' failed: database down");
        assertThat(letter.getExtension(DeadLetters.ATTEMPTS).toString()).isEqualTo("3");
        assertThat(letter.getExtension(DeadLetters.ORIGIN).toString()).matches("pubsub:" + topic + "#\\d+/\\d+");
        assertThat(received).hasSize(3);
        await("the listener told of the dead letter", () -> told.told("deadLettered") == 1);
        assertThat(told.told("received")).isEqualTo(1);
        assertThat(told.told("retried")).isEqualTo(2);
        assertThat(told.told("acknowledged")).isZero();
    }

    @Test
    void aRejectedEventGoesStraightToTheDeadLetterTopic() throws Exception {
        List<CloudEvent> received = subscribe(topic, "app",
                event -> CompletableFuture.failedFuture(new EventRejectedException("not an order")), null);
        List<CloudEvent> dead = subscribeAll(topic + "-dlq");

        publisher().publish(topic, 1);

        await("the dead letter", () -> dead.size() == 1);
        assertThat(dead.get(0).getExtension(DeadLetters.REASON).toString()).contains("not an order");
        assertThat(dead.get(0).getExtension(DeadLetters.ATTEMPTS).toString()).isEqualTo("1");
        assertThat(received).hasSize(1);
    }

    @Test
    void theSubscriptionReportsItsLagWhileEventsWaitAndZeroOnceTheyAreProcessed() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CloudEvent> received = subscribe(topic, "app", event -> CompletableFuture.supplyAsync(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }), null);
        PubSubBroker.Subscription subscription = subscriptions.get(subscriptions.size() - 1);
        for (int i = 0; i < 5; i++) {
            publisher().publish(PublishRequest.to(topic).data(i).orderingKey("one-key").build());
        }

        await("the first event in the function", () -> received.size() == 1);
        await("a lag of 5", () -> subscription.lag() == 5);
        release.countDown();
        await("all events", () -> received.size() == 5);
        await("no lag", () -> subscription.lag() == 0);
    }

    @Test
    void tenThousandEventsOverEightKeysArriveInPerKeyOrder() throws Exception {
        List<CloudEvent> received = subscribe(topic, "app", PubSubContract::ok, null);
        int events = 10_000;
        List<PublishRequest> requests = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            requests.add(PublishRequest.to(topic).data(new Order("k" + (i % 8), i)).orderingKey("k" + (i % 8)).build());
        }
        for (int from = 0; from < events; from += 1000) {
            assertThat(publisher().publishBulk(requests.subList(from, from + 1000)))
                    .allMatch(Publisher.PublishResult::succeeded);
        }

        await("every event", () -> received.size() >= events);
        Map<String, Integer> last = new ConcurrentHashMap<>();
        for (CloudEvent event : List.copyOf(received)) {
            Order order = mapper.readValue(event.getData().toBytes(), Order.class);
            Integer previous = last.put(order.id(), order.sequence());
            assertThat(previous == null || previous < order.sequence()).as("order of key " + order.id()).isTrue();
        }
        assertThat(last).hasSize(8);
    }

    @Test
    void aConsumerStoppedMidStreamRedeliversAndIdempotencyAppliesEachEventOnce() throws Exception {
        StateStore idempotency = new ScopedStateStore("idem", new InMemoryStateBackend(), KeyScope.prefixed("app"),
                ScopedStateStore.Limits.DEFAULT, mapper);
        Map<String, Integer> applied = new ConcurrentHashMap<>();
        AtomicInteger handled = new AtomicInteger();
        Function<CloudEvent, CompletionStage<?>> apply = event -> {
            applied.merge(event.getId(), 1, Integer::sum);
            handled.incrementAndGet();
            return ok(event);
        };
        subscribe(topic, "app", apply, idempotency);
        int events = 200;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            ids.add(publisher().publish(PublishRequest.to(topic).data(i).orderingKey("k" + (i % 4)).build()));
        }
        await("some events", () -> handled.get() > 20);
        subscriptions.remove(0).close();

        subscribe(topic, "app", apply, idempotency);

        await("every event", () -> applied.keySet().containsAll(ids));
        assertThat(applied.values()).as("idempotency: each event applied once").allMatch(count -> count == 1);
    }
}

package dev.bindery.internal.invoke;

import static dev.bindery.internal.invoke.FunctionDispatcherTest.await;
import static dev.bindery.internal.invoke.SampleFunctions.function;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.invoke.FunctionDefinition.Subscription;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.testing.TestEvents;

/** The subscribers of a topic are routed among themselves by their filters, apart from every other function. */
class TopicRoutingTest {

    private final FunctionDispatcher dispatcher = new FunctionDispatcher(List.of(
            function("placedOrders", "describe")
                    .subscription(new Subscription("shop", "orders", List.of(filter("type=com.example.order.placed"))))
                    .build(),
            function("webOrders", "describe")
                    .subscription(new Subscription("shop", "orders",
                            List.of(filter("type=com.example.order.placed", "source=/shop/web"))))
                    .build(),
            function("everythingElse", "describe").subscription(new Subscription("shop", "orders", List.of()))
                    .build(),
            function("audit", "describe")
                    .subscription(new Subscription("shop", "audit", List.of(filter("type^=com.example."))))
                    .build(),
            function("shout", "describe").build()),
            new ObjectMapper(), Map.of(), List.of());

    private static EventFilter filter(String... conditions) {
        return EventFilter.parse(List.of(conditions));
    }

    private static CloudEvent event(String type, String source) {
        return CloudEventBuilder.v1().withId("1").withType(type).withSource(URI.create(source)).build();
    }

    private Outcome onTopic(String pubsub, String topic, CloudEvent event) {
        return await(dispatcher.dispatch(DispatchRequest.topic(pubsub, topic, event)));
    }

    @Test
    void theMostSpecificSubscriberWinsAndTheCatchAllTakesTheRest() {
        assertThat(onTopic("shop", "orders", TestEvents.event("http/order-placed.json")).function())
                .contains("webOrders");
        assertThat(onTopic("shop", "orders", event("com.example.order.placed", "/shop/app")).function())
                .contains("placedOrders");
        assertThat(onTopic("shop", "orders", event("com.example.order.cancelled", "/shop/web")).function())
                .contains("everythingElse");
    }

    @Test
    void aFunctionNotSubscribedToTheTopicIsNeverChosenForIt() {
        assertThat(onTopic("shop", "orders", event("shout", "/x")).function())
                .as("the catch-all, not the function whose own filter is type=shout").contains("everythingElse");
        assertThat(onTopic("shop", "audit", event("com.example.order.placed", "/shop/web")).function())
                .as("only the topic's subscriber, however specific the others' filters").contains("audit");
    }

    @Test
    void aTopicWithoutAMatchingSubscriberIsNotFoundWithoutAFunction() {
        assertThat(onTopic("shop", "audit", event("shout", "/x"))).isInstanceOfSatisfying(Outcome.NotFound.class,
                missing -> {
                    assertThat(missing.noRoute()).isTrue();
                    assertThat(missing.message()).contains("No subscriber of topic 'audit' (pub/sub 'shop')",
                            "'shout'");
                });
        assertThat(onTopic("shop", "nobody-subscribes", event("shout", "/x")))
                .isInstanceOfSatisfying(Outcome.NotFound.class, missing -> assertThat(missing.noRoute()).isTrue());
        assertThat(onTopic("other-pubsub", "orders", event("shout", "/x")))
                .as("a topic of the same name on another component").isInstanceOf(Outcome.NotFound.class);
    }

    @Test
    void subscriptionsDoNotRouteEventsOfOtherTransports() {
        assertThat(await(dispatcher.dispatch(TestEvents.event("http/order-placed.json"), DispatchRequest.HTTP)))
                .isInstanceOfSatisfying(Outcome.NotFound.class, missing -> assertThat(missing.noRoute()).isTrue());
        assertThat(await(dispatcher.dispatch(event("shout", "/x"), DispatchRequest.HTTP)).function())
                .contains("shout");
    }
}

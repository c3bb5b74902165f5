package dev.bindery.internal.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.pubsub.Publisher;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.pubsub.PubSubBroker;

/** An event a function publishes carries the trace context of the event the function is handling. */
class TraceContextPropagationTest {

    /** Publishes while handling an event. */
    public static class Forwarder {
        static Publisher publisher;

        public void forward(String text) {
            publisher.publish("forwarded", text);
        }
    }

    @Test
    void thePublishedEventContinuesTheInboundTrace() throws Exception {
        List<CloudEvent> sent = new CopyOnWriteArrayList<>();
        PubSubBroker recording = new PubSubBroker() {
            @Override
            public java.util.concurrent.CompletionStage<Void> send(String topic, String key, CloudEvent event,
                    boolean raw, Map<String, String> metadata) {
                sent.add(event);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public Subscription subscribe(String topic, String group, Delivery delivery) {
                throw new UnsupportedOperationException("this test only publishes");
            }

            @Override
            public void close() {
            }
        };
        ObjectMapper mapper = new ObjectMapper();
        Forwarder.publisher = new BrokerPublisher(recording, mapper, "/apps/test", Duration.ofSeconds(5));
        Forwarder forwarder = new Forwarder();
        FunctionDispatcher dispatcher = new FunctionDispatcher(List.of(FunctionDefinition.builder("forward",
                Forwarder.class.getMethod("forward", String.class)).target(() -> forwarder)
                .executionMode(ExecutionMode.EVENT_LOOP).build()), mapper, Map.of(), List.of());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        Outcome outcome = dispatcher.dispatch(CloudEventBuilder.v1().withId("in-1").withSource(URI.create("/http"))
                .withType("forward").withExtension("traceparent", traceparent).withData("text/plain", "hi".getBytes())
                .build(), DispatchRequest.HTTP).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Forwarder.publisher.publish("outside", "no trace");

        assertThat(outcome).isEqualTo(new Outcome.NoReply("forward", false));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).getExtension("traceparent")).isEqualTo(traceparent);
        assertThat(sent.get(1).getExtension("traceparent")).as("not handling any event").isNull();
    }
}

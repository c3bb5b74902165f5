package dev.bindery.examples.ingress;

import java.util.Map;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.funqy.Funq;

import dev.bindery.function.Delivery;
import dev.bindery.function.EventContext;
import dev.bindery.pubsub.OnTopic;
import dev.bindery.state.StateStore;

/** A subscription whose retries come from {@code @Delivery} (DeliveryAnnotationTest). */
public class DeliveryFunctions {

    static final String TOPIC = "flaky-deliveries";

    @Inject
    StateStore state;

    /** Always fails, so the event is retried as {@code @Delivery} says and then dead-lettered. */
    @Funq
    @OnTopic(topic = TOPIC)
    @Delivery(retryAttempts = 2, retryInitialDelay = "10ms")
    public void flaky(JsonNode entry) {
        throw new IllegalStateException("flaky always fails");
    }

    /** Records how many deliveries the dead-lettered event had. */
    @Funq
    @OnTopic(topic = TOPIC + "-dlq")
    public void flakyDeadLetters(JsonNode entry, EventContext context) {
        state.save("flaky-dlq/" + entry.get("id").asText(), Map.of("attempts", context.extension("dlqattempts")
                .orElse("none")));
    }
}

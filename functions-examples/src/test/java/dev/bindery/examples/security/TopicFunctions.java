package dev.bindery.examples.security;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.quarkus.funqy.Funq;

import dev.bindery.examples.Greeting;
import dev.bindery.examples.Order;
import dev.bindery.function.EventContext;
import dev.bindery.security.Caller;

/**
 * Test functions that {@link KafkaSecuritySetup} subscribes to Kafka topics by configuration (elsewhere they have no
 * subscription): each records which event it ran for and the caller the security stage verified.
 */
public class TopicFunctions {

    /** What ran: {@code <function> <event id> <caller's authid>}. */
    static final Queue<String> RAN = new ConcurrentLinkedQueue<>();

    @Funq
    public void greetFromTopic(Greeting greeting, EventContext context) {
        record("greetFromTopic", context);
    }

    @Funq
    public void placeOrderFromTopic(Order order, EventContext context) {
        record("placeOrderFromTopic", context);
    }

    @Funq
    public void greetFromPipeline(Greeting greeting, EventContext context) {
        record("greetFromPipeline", context);
    }

    private static void record(String function, EventContext context) {
        RAN.add(function + " " + context.id() + " " + context.caller().map(Caller::authId).orElse("nobody"));
    }
}

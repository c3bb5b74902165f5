package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.spi.binding.BindingsEngine;

/**
 * What every queue binding does, whatever the broker: a message reaches the function as a CloudEvent and is
 * acknowledged only after the function succeeded; a failing function's message is retried and then dead-lettered with
 * the reason; without a dead letter it stays with the broker to be redelivered. The same function and the same options
 * but the broker's serve every broker: switching is a change of configuration.
 */
abstract class QueueBindingContract extends EngineTestSupport {

    private static final AtomicInteger QUEUES = new AtomicInteger();

    /** @return the options of a binding on the queue (its kind and the broker's address) */
    abstract String[] options(String queue);

    /** Sends a message to the queue with the broker's own client. */
    abstract void send(String queue, String body) throws Exception;

    /** @return the messages on the queue, received with the broker's own client, waiting until there are some */
    abstract List<String> receive(String queue, int expected) throws Exception;

    /** @return the messages on the queue that the consumer has not acknowledged */
    abstract long unacknowledged(String queue) throws Exception;

    /** @return the kind's source scheme, such as {@code aws2-sqs} */
    abstract String scheme();

    String newQueue() throws Exception {
        return "q" + QUEUES.incrementAndGet() + "x" + System.nanoTime() % 100_000;
    }

    private static String[] with(String[] options, String... more) {
        String[] all = Arrays.copyOf(options, options.length + more.length);
        System.arraycopy(more, 0, all, options.length, more.length);
        return all;
    }

    @Test
    void messageReachesTheFunctionAsACloudEventAndIsAcknowledgedAfterSuccess() throws Exception {
        String queue = newQueue();
        TestHost host = new TestHost().binding("orders", options(queue)).input("orders", "placeOrder");
        start(host);

        send(queue, "{\"order\":42}");

        TestHost.await("the message to reach the function", () -> host.received.size() == 1);
        CloudEvent event = host.received.get(0);
        assertThat(event.getType()).isEqualTo("dev.bindery.queue.message");
        assertThat(event.getSource().toString()).startsWith(scheme() + ":");
        assertThat(event.getDataContentType()).isEqualTo("application/json");
        assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":42}");
        assertThat(event.getExtension("binding")).isEqualTo("orders");
        TestHost.await("the message to be acknowledged", () -> unacknowledged(queue) == 0);
        TestHost.await("the listener told of the acknowledgement", () -> host.told("orders", "acknowledged") == 1);
        assertThat(host.told("orders", "received")).isEqualTo(1);
        assertThat(host.told("orders", "retried")).isZero();
    }

    /** @return whether the binding publishes its source's backlog ({@code bindery.binding.lag}) */
    boolean reportsLag() {
        return true;
    }

    @Test
    void theBindingReportsTheMessagesWaitingAtItsSourceUntilTheyAreProcessed() throws Exception {
        String queue = newQueue();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        TestHost host = new TestHost().binding("orders", options(queue)).input("orders", "placeOrder")
                .answering(event -> java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return TestHost.NO_REPLY;
                }));
        start(host);
        if (!reportsLag()) {
            assertThat(host.lags).as("%s has no lag to report", scheme()).isEmpty();
            return;
        }

        for (int i = 0; i < 3; i++) {
            send(queue, "{\"order\":" + i + "}");
        }
        TestHost.await("the first message in the function", () -> host.received.size() >= 1);
        TestHost.await("a lag of 3 while the function holds the first", () -> host.lags.get("orders").getAsLong() == 3);
        release.countDown();
        TestHost.await("every message processed", () -> host.received.size() >= 3);
        TestHost.await("no lag", () -> host.lags.get("orders").getAsLong() == 0);
    }

    @Test
    void failingMessageIsRetriedThenDeadLetteredWithTheReason() throws Exception {
        String queue = newQueue();
        String deadLetters = newQueue();
        TestHost host = new TestHost()
                .binding("orders", with(options(queue), "retry-attempts", "3", "retry-initial-delay", "10ms",
                        "dead-letter", "orders-dlq"))
                .binding("orders-dlq", options(deadLetters))
                .input("orders", "placeOrder")
                .failing(TestHost.failure("placeOrder", new IllegalStateException("stock service down"), true));
        start(host);

        send(queue, "{\"order\":7}");

        List<String> dead = receive(deadLetters, 1);
        assertThat(host.received).hasSize(3);
        JsonNode letter = TestHost.MAPPER.readTree(dead.get(0));
        assertThat(letter.path("dlqreason").asText()).contains("stock service down");
        assertThat(letter.path("dlqorigin").asText()).startsWith("binding:orders");
        assertThat(letter.path("dlqattempts").asInt()).isEqualTo(3);
        CloudEvent deadEvent = new JsonFormat().deserialize(dead.get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(deadEvent.getId()).isEqualTo(host.received.get(0).getId());
        assertThat(new String(deadEvent.getData().toBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":7}");
        TestHost.await("the dead-lettered message to be acknowledged", () -> unacknowledged(queue) == 0);
        assertThat(host.told("orders", "received")).isEqualTo(1);
        assertThat(host.told("orders", "retried")).isEqualTo(2);
        assertThat(host.told("orders", "deadLettered")).isEqualTo(1);
        assertThat(host.told("orders", "acknowledged")).as("dead-lettered, not processed").isZero();
    }

    @Test
    void rejectedMessageGoesToTheDeadLetterWithoutRetries() throws Exception {
        String queue = newQueue();
        String deadLetters = newQueue();
        TestHost host = new TestHost()
                .binding("orders", with(options(queue), "retry-attempts", "5", "retry-initial-delay", "10ms",
                        "dead-letter", "orders-dlq"))
                .binding("orders-dlq", options(deadLetters))
                .input("orders", "placeOrder")
                .failing(TestHost.failure("placeOrder", new IllegalArgumentException("no such product"), false));
        start(host);

        send(queue, "{\"order\":8}");

        List<String> dead = receive(deadLetters, 1);
        assertThat(host.received).hasSize(1);
        assertThat(TestHost.MAPPER.readTree(dead.get(0)).path("dlqreason").asText()).contains("no such product");
    }

    @Test
    void withoutADeadLetterAFailedMessageStaysWithTheBrokerAndIsRedelivered() throws Exception {
        String queue = newQueue();
        AtomicInteger deliveries = new AtomicInteger();
        TestHost host = new TestHost()
                .binding("orders", with(options(queue), "retry-attempts", "1"))
                .input("orders", "placeOrder")
                .answering(event -> deliveries.incrementAndGet() == 1
                        ? CompletableFuture.completedFuture(TestHost.failure("placeOrder",
                                new IllegalStateException("first time fails"), true))
                        : CompletableFuture.completedFuture(TestHost.NO_REPLY));
        start(host);

        send(queue, "{\"order\":9}");

        TestHost.await("the broker to deliver the message again", () -> host.received.size() >= 2);
        assertThat(host.received.get(1).getData().toBytes()).isEqualTo(host.received.get(0).getData().toBytes());
        TestHost.await("the message to be acknowledged", () -> unacknowledged(queue) == 0);
    }

    @Test
    void outputBindingSendsToTheQueue() throws Exception {
        String queue = newQueue();
        TestHost host = new TestHost().binding("outbox", options(queue));
        BindingsEngine engine = start(host);

        engine.invoke("outbox", "send", Map.of("sku", "A-1", "qty", 2), Map.of());

        List<String> sent = receive(queue, 1);
        assertThat(TestHost.MAPPER.readTree(sent.get(0))).isEqualTo(TestHost.MAPPER.readTree(
                "{\"sku\":\"A-1\",\"qty\":2}"));
    }
}

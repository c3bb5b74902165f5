package dev.bindery.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;

import dev.bindery.function.EventContext;
import dev.bindery.function.EventRejectedException;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.lambda.internal.LambdaInvocations;
import dev.bindery.lambda.internal.Routing;
import dev.bindery.spi.pubsub.SubscriptionPolicies;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.spi.support.RetryPolicy;
import dev.bindery.testing.TestEvents;

/**
 * Amazon MSK and self-managed Kafka batches ({@code events/aws/msk.json}, {@code self-managed-kafka.json}) through the
 * host's dispatcher: binary and structured CloudEvents read by the CloudEvents Kafka binding, other records wrapped as
 * the pub/sub adapters wrap them, each routed to the subscribers of its topic (or to {@code bindery.lambda.kafka.function});
 * a retryable failure is retried within the invocation by the topic's subscription's policy, then dead-lettered with
 * the reason so the partition moves on; only without a dead letter does it fail the invocation, so the event source
 * mapping retries the batch, the records after it left for then.
 */
class LambdaKafkaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The functions: each records the event it ran for. */
    public static final class Functions {
        final List<CloudEvent> orders = new CopyOnWriteArrayList<>();
        final List<String> greetings = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();
        final List<String> audited = new CopyOnWriteArrayList<>();

        /** The data of the events. */
        public record Greeting(String name) {
        }

        public void onOrder(Greeting greeting, EventContext context) {
            orders.add(context.event());
        }

        public String greet(Greeting greeting) {
            if (greeting.name().equals("fail")) {
                failures.incrementAndGet();
                throw new IllegalStateException("asked to fail");
            }
            if (greeting.name().equals("reject")) {
                throw new EventRejectedException("asked to reject");
            }
            greetings.add(greeting.name());
            return "Hello, " + greeting.name() + "!";
        }

        /** Records the data it was given, changes it, then fails: the next attempt must not see the change. */
        public void audit(JsonNode data) {
            audited.add(data.toString());
            ((ObjectNode) data).put("name", "changed by a failed attempt");
            throw new IllegalStateException("asked to fail");
        }
    }

    private final Functions functions = new Functions();
    private final List<CloudEvent> deadLetters = new ArrayList<>();

    /** The subscriptions of component {@code default}: three attempts, quickly. */
    private final SubscriptionPolicies policies = new SubscriptionPolicies() {
        @Override
        public RetryPolicy retry(String pubsub, String topic) {
            return new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));
        }

        @Override
        public boolean subscribes(String pubsub) {
            return pubsub.equals("default");
        }
    };

    private LambdaInvocations lambda(Map<String, String> routing) {
        return new LambdaInvocations(dispatcher(), MAPPER, new Routing(routing), deadLetters::add, policies);
    }

    private FunctionDispatcher dispatcher() {
        List<FunctionDefinition> definitions = List.of(
                FunctionDefinition.builder("onOrder", method("onOrder")).target(() -> functions)
                        .subscription(new FunctionDefinition.Subscription("default", "orders", List.of())).build(),
                FunctionDefinition.builder("greet", method("greet")).target(() -> functions)
                        .subscription(new FunctionDefinition.Subscription("default", "greetings", List.of())).build(),
                FunctionDefinition.builder("audit", method("audit")).target(() -> functions)
                        .subscription(new FunctionDefinition.Subscription("default", "audits", List.of())).build());
        return new FunctionDispatcher(definitions, MAPPER, Map.of(), List.of());
    }

    private static Method method(String name) {
        return Methods.named(Functions.class, name);
    }

    @Test
    void mskRecordsAreCloudEventsByTheKafkaBindingOrWrappedAndGoToTheirTopicsSubscribers() throws Exception {
        JsonNode answer = MAPPER.readTree(lambda(Map.of()).handle(TestEvents.bytes("aws/msk.json")));

        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(functions.orders).hasSize(3);
        CloudEvent binary = functions.orders.get(0);
        assertThat(binary.getId()).isEqualTo("order-7");
        assertThat(binary.getSource().toString()).isEqualTo("/shop");
        assertThat(binary.getSubject()).isEqualTo("o-7");
        assertThat(binary.getDataContentType()).isEqualTo("application/json");
        assertThat(binary.getExtension("traceparent")).asString().startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736");
        CloudEvent wrapped = functions.orders.get(1);
        assertThat(wrapped.getId()).isEqualTo("orders-0-16");
        assertThat(wrapped.getSource().toString()).isEqualTo("pubsub:orders");
        assertThat(wrapped.getType()).isEqualTo("dev.bindery.pubsub.raw");
        assertThat(wrapped.getExtension("partitionkey")).isEqualTo("o-8");
        assertThat(wrapped.getTime()).isNotNull();
        assertThat(new String(wrapped.getData().toBytes())).isEqualTo("{\"name\":\"Grace\"}");
        assertThat(functions.orders.get(2).getId()).as("structured, by its content type").isEqualTo("order-9");
    }

    @Test
    void aConfiguredFunctionTakesEveryRecordWhateverItsTopic() throws Exception {
        lambda(Map.of("kafka.function", "greet")).handle(TestEvents.bytes("aws/msk.json"));

        assertThat(functions.greetings).containsExactly("Ada", "Grace", "Linus");
        assertThat(functions.orders).isEmpty();
    }

    @Test
    void aRetryableFailureIsRetriedBySubscriptionThenDeadLetteredWithTheReasonAndItsPartitionMovesOn() throws Exception {
        JsonNode answer = MAPPER.readTree(lambda(Map.of()).handle(TestEvents.bytes("aws/self-managed-kafka.json")));

        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(functions.failures).as("the subscription's attempts").hasValue(3);
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.getExtension(DeadLetters.REASON)).asString().contains("asked to fail");
            assertThat(letter.getExtension(DeadLetters.ATTEMPTS)).isEqualTo(3);
            assertThat(letter.getExtension(DeadLetters.ORIGIN)).isEqualTo("lambda:kafka#greetings-0-42");
        });
        assertThat(functions.greetings).as("the record after it, in its partition's order").containsExactly("Ada");
    }

    @Test
    void retriesStopInTimeForTheInvocationToDeadLetterTheRecordAndGoOn() throws Exception {
        // twenty attempts 200 ms to 5 s apart would take a minute; the invocation has 2.5 s left
        SubscriptionPolicies slow = new SubscriptionPolicies() {
            @Override
            public RetryPolicy retry(String pubsub, String topic) {
                return new RetryPolicy(20, Duration.ofMillis(200), Duration.ofSeconds(5));
            }

            @Override
            public boolean subscribes(String pubsub) {
                return true;
            }
        };
        LambdaInvocations lambda = new LambdaInvocations(dispatcher(), MAPPER, new Routing(Map.of()),
                deadLetters::add, slow);
        long started = System.nanoTime();

        JsonNode answer = MAPPER.readTree(lambda.handle(TestEvents.bytes("aws/self-managed-kafka.json"), () -> 2_500
                - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("within the invocation's time")
                .isLessThan(2_500);
        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(functions.failures.get()).as("attempts, fewer than the subscription's twenty").isBetween(2, 5);
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.getExtension(DeadLetters.REASON)).asString().contains("asked to fail")
                    .contains("retries stopped after " + functions.failures.get() + " attempt(s): the invocation's "
                            + "time was running out");
            assertThat(letter.getExtension(DeadLetters.ATTEMPTS)).isEqualTo(functions.failures.get());
        });
        assertThat(functions.greetings).as("the record after it").containsExactly("Ada");
    }

    @Test
    void withTimeEnoughARecordGetsEveryAttemptOfItsSubscription() throws Exception {
        lambda(Map.of()).handle(TestEvents.bytes("aws/self-managed-kafka.json"), () -> 60_000);

        assertThat(functions.failures).hasValue(3);
        assertThat(deadLetters).singleElement().satisfies(letter -> assertThat(letter.getExtension(
                DeadLetters.REASON)).asString().doesNotContain("retries stopped"));
    }

    @Test
    void withoutADeadLetterAFailedRecordFailsTheInvocationSoTheBatchIsRetriedAndTheRecordsAfterItWait() {
        LambdaInvocations withoutDeadLetter = new LambdaInvocations(dispatcher(), MAPPER, new Routing(Map.of()), null,
                policies);

        assertThatThrownBy(() -> withoutDeadLetter.handle(TestEvents.bytes("aws/self-managed-kafka.json")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch is retried").hasMessageContaining("[greetings-0-42, greetings-0-43]");
        assertThat(functions.failures).as("retried first, within the invocation").hasValue(3);
        assertThat(functions.greetings).as("the record after the failure, in its partition's order").isEmpty();
    }

    @Test
    void aRecordThatCanNeverSucceedIsDeadLetteredAndTheBatchAcknowledged() throws Exception {
        String batch = new String(TestEvents.bytes("aws/self-managed-kafka.json")).replace(
                java.util.Base64.getEncoder().encodeToString("{\"name\":\"fail\"}".getBytes()),
                java.util.Base64.getEncoder().encodeToString("{\"name\":\"reject\"}".getBytes()));

        JsonNode answer = MAPPER.readTree(lambda(Map.of()).handle(batch.getBytes()));

        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(deadLetters).singleElement().satisfies(letter -> assertThat(letter.getExtension("dlqorigin"))
                .isEqualTo("lambda:kafka#greetings-0-42"));
        assertThat(functions.greetings).containsExactly("Ada");
    }

    @Test
    void eachAttemptAndTheDeadLetterHaveTheRecordsDataAsItCameNotAsAFailedAttemptLeftIt() throws Exception {
        // a structured CloudEvent: its JSON data is read as a tree, which a JsonNode parameter could change
        lambda(Map.of()).handle(TestEvents.bytes("aws/self-managed-kafka-structured.json"));

        assertThat(functions.audited).as("the data each attempt was given")
                .containsExactly("{\"name\":\"fail\"}", "{\"name\":\"fail\"}", "{\"name\":\"fail\"}");
        assertThat(deadLetters).singleElement().satisfies(letter -> assertThat(MAPPER.readTree(letter.getData()
                .toBytes())).as("the dead letter's data").isEqualTo(MAPPER.readTree("{\"name\":\"fail\"}")));
    }
}

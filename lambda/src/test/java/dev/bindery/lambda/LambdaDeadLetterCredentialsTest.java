package dev.bindery.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.lambda.internal.LambdaInvocations;
import dev.bindery.lambda.internal.Routing;
import dev.bindery.testing.TestEvents;

/**
 * A record that cannot be read is dead-lettered as it came, for whoever repairs it — but without the headers (Kafka)
 * or message attributes (SQS) that carry the sender's credential ({@code authorization}, {@code bindery-api-token},
 * {@code dapr-api-token}, in any case): a dead letter is read by whoever operates its destination.
 */
class LambdaDeadLetterCredentialsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The function. */
    public static final class Functions {
        final List<String> greeted = new CopyOnWriteArrayList<>();

        /** The data of the events. */
        public record Greeting(String name) {
        }

        public void greet(Greeting greeting) {
            greeted.add(greeting.name());
        }
    }

    private final Functions functions = new Functions();
    private final List<CloudEvent> deadLetters = new ArrayList<>();

    private LambdaInvocations lambda() {
        Method greet = Methods.named(Functions.class, "greet");
        List<FunctionDefinition> definitions = List.of(FunctionDefinition.builder("greet", greet)
                .target(() -> functions)
                .subscription(new FunctionDefinition.Subscription("default", "greetings", List.of())).build());
        return new LambdaInvocations(new FunctionDispatcher(definitions, MAPPER, Map.of(), List.of()), MAPPER,
                new Routing(Map.of("sqs.function", "greet")), deadLetters::add);
    }

    @Test
    void anUnreadableKafkaRecordIsDeadLetteredWithoutItsCredentialHeaders() throws Exception {
        JsonNode answer = MAPPER.readTree(lambda().handle(TestEvents.bytes(
                "aws/self-managed-kafka-unreadable-with-token.json")));

        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(deadLetters).hasSize(1);
        String letter = new String(deadLetters.get(0).getData().toBytes(), StandardCharsets.UTF_8);
        assertThat(letter).contains("\"offset\":44", "\"tenant\"").doesNotContainIgnoringCase("authorization")
                .doesNotContainIgnoringCase("dapr-api-token").doesNotContain(bytes("kafka-secret-token"))
                .doesNotContain(bytes("kafka-dapr-secret"));
        assertThat(deadLetters.get(0).toString()).doesNotContain("secret");
        assertThat(functions.greeted).as("the record after it").containsExactly("Ada");
    }

    @Test
    void anUnreadableSqsMessageIsDeadLetteredWithoutItsCredentialAttributes() throws Exception {
        JsonNode answer = MAPPER.readTree(lambda().handle(TestEvents.bytes("aws/sqs-unreadable-with-token.json")));

        assertThat(answer.path("batchItemFailures")).isEmpty();
        assertThat(deadLetters).hasSize(1);
        String letter = new String(deadLetters.get(0).getData().toBytes(), StandardCharsets.UTF_8);
        assertThat(letter).contains("d4e2b2c6", "\"tenant\"").doesNotContainIgnoringCase("authorization")
                .doesNotContain("bindery-api-token").doesNotContain("secret");
    }

    /** A header's value as the MSK event writes it: its bytes, as a JSON array. */
    private static String bytes(String value) {
        StringBuilder json = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            json.append(json.isEmpty() ? "[" : ",").append(b);
        }
        return json.append(']').toString();
    }
}

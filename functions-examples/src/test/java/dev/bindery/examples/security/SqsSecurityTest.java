package dev.bindery.examples.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.examples.secrets.Await;
import dev.bindery.examples.secrets.SqsQueue;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The access policy holds for SQS bindings as it does over HTTP: a message whose attribute {@code bindery-api-token}
 * carries caller A's token reaches the function A may run; one to the binding of a function A may not run, and one
 * without a credential, go to the binding's dead-letter queue at once, each with its reason, the function never run
 * and the message delivered once. A schedule's tick is the application's own.
 */
@QuarkusTest
@QuarkusTestResource(value = SqsSecuritySetup.class, restrictToAnnotatedClass = true)
class SqsSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSqsBindingsHoldCallerAToItsPolicyAndDeadLetterWhatIsDeniedWithTheReason() throws Exception {
        String run = UUID.randomUUID().toString();
        try (SqsClient sqs = SqsQueue.client(ConfigProvider.getConfig().getValue(SqsSecuritySetup.ENDPOINT,
                String.class))) {
            send(sqs, SqsSecuritySetup.ALLOWED, run + "-allowed", SqsSecuritySetup.CALLER_A);
            send(sqs, SqsSecuritySetup.DENIED, run + "-denied", SqsSecuritySetup.CALLER_A);
            send(sqs, SqsSecuritySetup.ALLOWED, run + "-anonymous", null);

            Await.until("the allowed job to run", () -> SqsSecurityFunctions.ALLOWED.contains(run
                    + "-allowed token:caller-a"));
            List<Message> dead = receive(sqs, SqsSecuritySetup.DEAD_LETTERS, 2);
            Map<String, JsonNode> letters = new java.util.HashMap<>();
            for (Message message : dead) {
                JsonNode letter = JSON.readTree(message.body());
                letters.put(letter.path("data").path("id").asText(), letter);
                assertThat(message.messageAttributes().get("dlqreason").stringValue())
                        .isEqualTo(letter.path("dlqreason").asText());
            }
            assertThat(letters).containsOnlyKeys(run + "-denied", run + "-anonymous");
            JsonNode denied = letters.get(run + "-denied");
            assertThat(denied.path("dlqreason").asText()).isEqualTo("The caller is not allowed to do this");
            assertThat(denied.path("dlqorigin").asText()).startsWith("binding:" + SqsSecuritySetup.DENIED + "#");
            assertThat(denied.path("dlqattempts").asInt()).as("never retried").isEqualTo(1);
            JsonNode anonymous = letters.get(run + "-anonymous");
            assertThat(anonymous.path("dlqreason").asText()).startsWith("A credential is required");
            assertThat(anonymous.path("dlqattempts").asInt()).isEqualTo(1);
            assertThat(denied.has("authid")).as("no identity travels with a dead letter").isFalse();

            // each message was taken off its queue once, and nothing more reaches the dead letter or the functions
            String allowedQueue = url(sqs, SqsSecuritySetup.ALLOWED);
            String deniedQueue = url(sqs, SqsSecuritySetup.DENIED);
            Await.until("the source queues to be empty", () -> SqsQueue.messagesIn(sqs, allowedQueue) == 0
                    && SqsQueue.messagesIn(sqs, deniedQueue) == 0);
            assertThat(receive(sqs, SqsSecuritySetup.DEAD_LETTERS, 0)).isEmpty();
            assertThat(SqsSecurityFunctions.DENIED).isEmpty();
            assertThat(SqsSecurityFunctions.ALLOWED).containsExactly(run + "-allowed token:caller-a");
        }
        Await.until("a scheduled tick", () -> !SqsSecurityFunctions.TICKS.isEmpty());
        assertThat(SqsSecurityFunctions.TICKS).containsOnly("app:bindery-examples");
    }

    private static void send(SqsClient sqs, String queue, String id, String token) {
        sqs.sendMessage(message -> {
            message.queueUrl(url(sqs, queue)).messageBody("{\"id\":\"" + id + "\"}");
            if (token != null) {
                message.messageAttributes(Map.of("bindery-api-token", MessageAttributeValue.builder()
                        .dataType("String").stringValue(token).build()));
            }
        });
    }

    /** @return the messages on the queue, deleted once read: at least {@code expected}, or what comes in 2 s */
    private static List<Message> receive(SqsClient sqs, String queue, int expected) throws Exception {
        List<Message> received = new ArrayList<>();
        long deadline = System.currentTimeMillis() + (expected == 0 ? 2_000 : 30_000);
        while (System.currentTimeMillis() < deadline && (expected == 0 || received.size() < expected)) {
            for (Message message : sqs.receiveMessage(request -> request.queueUrl(url(sqs, queue)).waitTimeSeconds(1)
                    .maxNumberOfMessages(10).messageAttributeNames("All")).messages()) {
                received.add(message);
                sqs.deleteMessage(request -> request.queueUrl(url(sqs, queue)).receiptHandle(message.receiptHandle()));
            }
        }
        assertThat(received).as("dead letters on %s", queue).hasSizeGreaterThanOrEqualTo(expected);
        return received;
    }

    private static String url(SqsClient sqs, String queue) {
        return sqs.getQueueUrl(request -> request.queueName(queue)).queueUrl();
    }
}

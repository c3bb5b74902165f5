package dev.bindery.examples.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.bindery.binding.Bindings;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS binding whose keys come from the env store: {@code access-key=${secret:env/SQS_ACCESS_KEY}} and
 * {@code secret-key=${secret:env/SQS_SECRET_KEY}}, resolved by the host's configuration interceptor. ElasticMQ does not
 * verify signatures, so a proxy in front of it records what the SDK signed each request with.
 */
@QuarkusTest
@QuarkusTestResource(value = SqsQueue.class, restrictToAnnotatedClass = true)
class SqsEnvSecretsTest {

    private static final String ACCESS_KEY = System.getenv("BINDERY_TEST_SQS_ACCESS_KEY");
    private static final String SECRET_KEY = System.getenv("BINDERY_TEST_SQS_SECRET_KEY");

    @Inject
    Bindings bindings;

    @Test
    void messagesReachTheFunctionAreDeletedAndEveryRequestIsSignedWithTheKeysFromTheEnvironment() throws Exception {
        assertThat(ACCESS_KEY).as("Surefire's environment variables").isNotBlank();
        assertThat(SECRET_KEY).isNotBlank();
        assertThat(ConfigProvider.getConfig().getValue("bindery.bindings.jobs.access-key", String.class))
                .isEqualTo(ACCESS_KEY);
        String run = UUID.randomUUID().toString();
        List<String> jobs = List.of(run + "-1", run + "-2", run + "-3");

        try (SqsClient sqs = SqsQueue.client(ConfigProvider.getConfig().getValue(SqsQueue.DIRECT_ENDPOINT,
                String.class))) {
            String url = sqs.getQueueUrl(queue -> queue.queueName(SqsQueue.QUEUE)).queueUrl();
            sqs.sendMessage(message -> message.queueUrl(url).messageBody("{\"id\":\"" + jobs.get(0) + "\"}"));
            sqs.sendMessage(message -> message.queueUrl(url).messageBody("{\"id\":\"" + jobs.get(1) + "\"}"));
            // and one through the binding's output, on the same keys
            bindings.invoke("jobs", "create", Map.of("id", jobs.get(2)), Map.of());

            Await.until("the jobs to reach the function", () -> SqsFunctions.RECEIVED.containsAll(jobs));
            Await.until("the messages to be deleted", () -> SqsQueue.messagesIn(sqs, url) == 0);
        }

        List<String> signed = Files.readAllLines(SqsQueue.AUTHORIZATIONS);
        assertThat(signed).as("requests through the proxy").isNotEmpty()
                .allSatisfy(header -> assertThat(header).startsWithIgnoringCase("Authorization: AWS4-HMAC-SHA256 ")
                        .contains("Credential=" + ACCESS_KEY + "/"));
        assertThat(String.join("\n", signed)).doesNotContain(SECRET_KEY);
        String log = Files.readString(SqsQueue.LOG);
        assertThat(log).as("the application's log is in the file").contains("Binding jobs (sqs) triggers function sqsJob");
        assertThat(log).doesNotContain(SECRET_KEY);
    }
}

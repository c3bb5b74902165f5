package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.binding.StoredObject;
import dev.bindery.spi.support.DeadLetters;
import dev.bindery.testing.TestEvents;

/**
 * S3 event notifications delivered through SQS (ElasticMQ in-process) become object-created events; a message that is
 * not one is dead-lettered at once.
 */
class S3NotificationBindingTest extends EngineTestSupport {

    @RegisterExtension
    static final ElasticMq elasticMq = new ElasticMq();

    private TestHost startOn(String queue) {
        elasticMq.sqs.createQueue(b -> b.queueName(queue));
        TestHost host = new TestHost().binding("uploads", "sqs", queue, "notifications", "s3", "endpoint", elasticMq.endpoint,
                "access-key", "x", "secret-key", "x").input("uploads", "ingestUpload");
        start(host);
        return host;
    }

    private static String url(String queue) {
        return elasticMq.url(queue);
    }

    @Test
    void eachCreatedObjectOfANotificationBecomesAnEventWithTheDecodedKey() throws Exception {
        TestHost host = startOn("s3-events");

        elasticMq.sqs.sendMessage(b -> b.queueUrl(url("s3-events")).messageBody(new String(TestEvents.bytes(
                "aws/s3-object-created.json"), StandardCharsets.UTF_8)));

        TestHost.await("the two created objects", () -> host.received.size() == 2);
        StoredObject invoice = TestHost.MAPPER.readValue(host.received.get(0).getData().toBytes(),
                StoredObject.class);
        assertThat(invoice.bucket()).isEqualTo("bindery-uploads");
        assertThat(invoice.key()).isEqualTo("invoices/2026/my invoice été ✓.pdf");
        assertThat(invoice.size()).isEqualTo(1024);
        assertThat(invoice.eTag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(invoice.lastModified()).isEqualTo(Instant.parse("2026-11-26T09:15:30.123Z"));
        assertThat(host.received.get(0).getType()).isEqualTo("dev.bindery.s3.object.created");
        assertThat(host.received.get(0).getSubject()).isEqualTo("invoices/2026/my invoice été ✓.pdf");
        assertThat(host.received.get(1).getSubject()).isEqualTo("plain.csv");
        TestHost.await("the notification to be deleted", () -> pending("s3-events") == 0);
    }

    @Test
    void s3TestEventIsAcknowledgedWithoutCallingTheFunction() throws Exception {
        TestHost host = startOn("s3-test-events");

        elasticMq.sqs.sendMessage(b -> b.queueUrl(url("s3-test-events")).messageBody(new String(TestEvents.bytes(
                "aws/s3-test-event.json"), StandardCharsets.UTF_8)));

        TestHost.await("the test event to be deleted", () -> pending("s3-test-events") == 0);
        assertThat(host.received).isEmpty();
    }

    @Test
    void aMessageThatIsNotANotificationIsDeadLetteredAtOnceWithItsBytesAndTheNextIsDelivered() throws Exception {
        elasticMq.sqs.createQueue(b -> b.queueName("s3-poison"));
        elasticMq.sqs.createQueue(b -> b.queueName("s3-poison-dlq"));
        TestHost host = new TestHost()
                .binding("uploads", "sqs", "s3-poison", "notifications", "s3", "endpoint", elasticMq.endpoint,
                        "access-key", "x", "secret-key", "x", "retry-attempts", "5", "retry-initial-delay", "10ms",
                        "dead-letter", "uploads-dlq")
                .binding("uploads-dlq", "sqs", "s3-poison-dlq", "endpoint", elasticMq.endpoint, "access-key", "x",
                        "secret-key", "x")
                .input("uploads", "ingestUpload");
        start(host);
        byte[] poison = TestEvents.bytes("sqs/not-a-notification.csv");

        elasticMq.sqs.sendMessage(b -> b.queueUrl(url("s3-poison")).messageBody(new String(poison,
                StandardCharsets.UTF_8)));
        elasticMq.sqs.sendMessage(b -> b.queueUrl(url("s3-poison")).messageBody(new String(TestEvents.bytes(
                "aws/s3-object-created.json"), StandardCharsets.UTF_8)));

        TestHost.await("the two created objects of the next message", () -> host.received.size() == 2);
        List<CloudEvent> letters = new ArrayList<>();
        TestHost.await("the dead letter", () -> {
            elasticMq.sqs.receiveMessage(b -> b.queueUrl(url("s3-poison-dlq")).waitTimeSeconds(1)).messages()
                    .forEach(message -> letters.add(new JsonFormat().deserialize(message.body().getBytes(
                            StandardCharsets.UTF_8))));
            return !letters.isEmpty();
        });
        CloudEvent letter = letters.get(0);
        assertThat(letter.getType()).isEqualTo(DeadLetters.UNREADABLE_TYPE);
        assertThat(letter.getData().toBytes()).isEqualTo(poison);
        assertThat(String.valueOf(letter.getExtension(DeadLetters.REASON))).contains("not an S3 event notification");
        assertThat(String.valueOf(letter.getExtension(DeadLetters.ATTEMPTS))).isEqualTo("1");
        assertThat(String.valueOf(letter.getExtension(DeadLetters.ORIGIN))).startsWith("binding:uploads#");
        TestHost.await("both messages deleted from the source", () -> pending("s3-poison") == 0);
        assertThat(host.told("uploads", "retried")).as("unreadable: never redelivered").isZero();
        assertThat(host.told("uploads", "deadLettered")).isEqualTo(1);
    }

    private static long pending(String queue) {
        return elasticMq.messagesIn(queue);
    }
}

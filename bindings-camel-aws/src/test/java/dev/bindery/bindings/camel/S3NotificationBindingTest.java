package dev.bindery.bindings.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bindery.binding.StoredObject;
import dev.bindery.testing.TestEvents;

/** S3 event notifications delivered through SQS (ElasticMQ in-process) become object-created events. */
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

    private static long pending(String queue) {
        return elasticMq.messagesIn(queue);
    }
}

package dev.bindery.bindings.camel.aws.internal;

import static dev.bindery.bindings.camel.FuzzedMessages.assertReadsOrRefuses;
import static dev.bindery.bindings.camel.FuzzedMessages.exchange;
import static dev.bindery.bindings.camel.FuzzedMessages.reader;

import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.testing.FuzzInputs;

/**
 * Fuzzes the sqs kind's message readers with the messages Camel's SQS consumer delivers: the first line picks plain
 * queue messages ({@code sqs}) or S3 notifications ({@code sqs-notifications}); the header lines are the message's
 * headers, {@code ApproximateReceiveCount} among its SQS attributes; the body is the message's. Events or the
 * documented IllegalArgumentException, nothing else. Seeds and crashers live in
 * {@code src/test/resources/dev/bindery/bindings/camel/aws/internal/SqsReaderFuzzTestInputs/}.
 */
class SqsReaderFuzzTest {

    private static final MessageReader MESSAGES = reader(new SqsBindingKind(), Map.of("sqs", "orders"));
    private static final MessageReader NOTIFICATIONS = reader(new SqsBindingKind(), Map.of("sqs", "uploads",
            "notifications", "s3"));

    @FuzzTest(maxDuration = "60s")
    void everyMessageIsReadOrRefused(byte[] input) {
        FuzzInputs message = FuzzInputs.read(input);
        Exchange exchange = exchange(message);
        Object count = exchange.getMessage().removeHeader("ApproximateReceiveCount");
        if (count != null) {
            exchange.getMessage().setHeader(Sqs2Constants.ATTRIBUTES, Map.of("ApproximateReceiveCount", count));
        }
        assertReadsOrRefuses("sqs-notifications".equals(message.firstLine()) ? NOTIFICATIONS : MESSAGES, exchange);
    }
}

package dev.bindery.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.lambda.internal.LambdaInvocations;
import dev.bindery.lambda.internal.Routing;
import dev.bindery.testing.TestEvents;
import dev.bindery.testing.TransportContract;

/**
 * The transport conformance contract on SQS events: each canonical event is the structured-mode body of the first
 * record of {@code events/aws/sqs-batch.json}, handled by {@link LambdaInvocations} as Lambda's event source mapping
 * would invoke it. The test plays SQS: a record reported in {@code batchItemFailures} becomes visible again and is
 * delivered again (its receive count one higher) until the queue's redrive policy moves it to the dead-letter queue.
 */
class LambdaSqsConformanceTest extends TransportContract {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat FORMAT = new JsonFormat();

    private final LambdaInvocations lambda = new LambdaInvocations(dispatcher(), MAPPER, new Routing(Map.of()));
    private int receives;

    @Override
    protected boolean carriesReplies() {
        return false;
    }

    /**
     * False: a batch response names the failed records and nothing else, and SQS's redrive moves the message as it
     * was, so neither the sender nor the dead-letter queue learns why.
     */
    @Override
    protected boolean tellsWhy() {
        return false;
    }

    /**
     * Not {@link Case#REJECTED}, {@link Case#NOT_FOUND} nor {@link Case#MALFORMED}: Lambda's SQS event source mapping
     * has two answers per record, delete it (not in {@code batchItemFailures}) or make it visible again (in them), and
     * no way to dead-letter it at once. {@link LambdaInvocations} reports every unsuccessful outcome as a batch item
     * failure, so SQS delivers a refused record again until the queue's {@code maxReceiveCount} moves it to the
     * dead-letter queue; {@link #aRefusedRecordIsReportedFailedSoSqsDeliversItAgain} holds it to that.
     */
    @Override
    protected boolean supports(Case c) {
        return c != Case.REJECTED && c != Case.NOT_FOUND && c != Case.MALFORMED;
    }

    @Override
    protected Observation deliver(Case c, CloudEvent event) throws Exception {
        return failedRecords(event).isEmpty()
                ? Observation.of(Observed.PROCESSED)
                : Observation.of(Observed.FAILED);
    }

    /** @return the {@code batchItemFailures} of an invocation with the event as its one record */
    private JsonNode failedRecords(CloudEvent event) throws Exception {
        ObjectNode batch = (ObjectNode) MAPPER.readTree(TestEvents.bytes("aws/sqs-batch.json"));
        ObjectNode record = (ObjectNode) batch.path("Records").get(0);
        record.put("messageId", event.getId());
        record.put("body", new String(FORMAT.serialize(event), StandardCharsets.UTF_8));
        ((ObjectNode) record.path("attributes")).put("ApproximateReceiveCount", Integer.toString(++receives));
        ((ArrayNode) batch.path("Records")).removeAll().add(record);

        JsonNode response = MAPPER.readTree(lambda.handle(MAPPER.writeValueAsBytes(batch)));

        JsonNode failures = response.path("batchItemFailures");
        assertThat(failures.findValuesAsText("itemIdentifier")).isSubsetOf(event.getId());
        return failures;
    }

    @ParameterizedTest
    @EnumSource(value = Case.class, names = {"REJECTED", "NOT_FOUND", "MALFORMED"})
    void aRefusedRecordIsReportedFailedSoSqsDeliversItAgain(Case c) throws Exception {
        CloudEvent event = event(c);
        int before = functions().runs(c.function()).size();

        assertThat(failedRecords(event).findValuesAsText("itemIdentifier")).containsExactly(event.getId());
        assertThat(failedRecords(event).findValuesAsText("itemIdentifier")).as("delivered again, refused again")
                .containsExactly(event.getId());
        assertThat(functions().runs(c.function()).size() - before).as("runs of %s", c.function())
                .isEqualTo(c == Case.MALFORMED ? 0 : 2);
    }
}

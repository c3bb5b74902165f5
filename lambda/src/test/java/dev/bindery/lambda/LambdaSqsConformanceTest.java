package dev.bindery.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * would invoke it, with a dead-letter sink ({@code bindery.lambda.dead-letter}) that takes what can never succeed. The
 * test plays SQS: a record reported in {@code batchItemFailures} becomes visible again and is delivered again (its
 * receive count one higher) until the queue's redrive policy moves it to the dead-letter queue.
 */
class LambdaSqsConformanceTest extends TransportContract {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat FORMAT = new JsonFormat();

    private final List<CloudEvent> deadLetters = new ArrayList<>();
    private final LambdaInvocations lambda = new LambdaInvocations(dispatcher(), MAPPER, new Routing(Map.of()),
            deadLetters::add);
    /** The same invocations without a dead-letter sink. */
    private final LambdaInvocations withoutSink = new LambdaInvocations(dispatcher(), MAPPER, new Routing(Map.of()));
    private int receives;

    @Override
    protected boolean carriesReplies() {
        return false;
    }

    /**
     * False for a record that always fails: a batch response names the failed records and nothing else, and SQS's
     * redrive moves the message as it was, so neither the sender nor the dead-letter queue learns why. (Records that can
     * never succeed go to the dead-letter sink with the reason.)
     */
    @Override
    protected boolean tellsWhy() {
        return false;
    }

    @Override
    protected Observation deliver(Case c, CloudEvent event) throws Exception {
        int letters = deadLetters.size();
        if (!failedRecords(lambda, event).isEmpty()) {
            return Observation.of(Observed.FAILED);
        }
        return deadLetters.size() > letters
                ? Observation.deadLettered(deadLetters.get(deadLetters.size() - 1))
                : Observation.of(Observed.PROCESSED);
    }

    /** @return the {@code batchItemFailures} of an invocation with the event as its one record */
    private JsonNode failedRecords(LambdaInvocations lambda, CloudEvent event) throws Exception {
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

    /** Without a dead-letter sink, SQS's redrive policy is the only way out for a record that can never succeed. */
    @ParameterizedTest
    @EnumSource(value = Case.class, names = {"REJECTED", "NOT_FOUND", "MALFORMED"})
    void withoutADeadLetterSinkARefusedRecordIsReportedFailedSoSqsDeliversItAgain(Case c) throws Exception {
        CloudEvent event = event(c);
        int before = functions().runs(c.function()).size();

        assertThat(failedRecords(withoutSink, event).findValuesAsText("itemIdentifier")).containsExactly(event
                .getId());
        assertThat(failedRecords(withoutSink, event).findValuesAsText("itemIdentifier"))
                .as("delivered again, refused again").containsExactly(event.getId());
        assertThat(functions().runs(c.function()).size() - before).as("runs of %s", c.function())
                .isEqualTo(c == Case.MALFORMED ? 0 : 2);
    }
}

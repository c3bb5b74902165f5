package dev.bindery.lambda.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fuzzes the Lambda event-shape mapper with event JSON: whatever the bytes, {@link AwsEvents#read} returns an
 * invocation or throws the {@link IllegalArgumentException} it documents (a shape it does not know, or not JSON);
 * a record of a batch that cannot be read becomes an unreadable item, never an exception. Seeds (the sample events of
 * every shape) and crashers live in {@code src/test/resources/dev/bindery/lambda/internal/AwsEventsFuzzTestInputs/}.
 */
class AwsEventsFuzzTest {

    private static final AwsEvents EVENTS = new AwsEvents(new ObjectMapper(), new Routing(Map.of()));

    @FuzzTest(maxDuration = "60s")
    void anyEventIsReadOrRefusedAsIllegal(byte[] input) {
        AwsEvents.Invocation invocation;
        try {
            invocation = EVENTS.read(input);
        } catch (IllegalArgumentException documented) {
            return;
        }
        assertThat(invocation).isNotNull();
    }
}

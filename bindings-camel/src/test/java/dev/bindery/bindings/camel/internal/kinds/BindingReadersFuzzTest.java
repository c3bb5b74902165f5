package dev.bindery.bindings.camel.internal.kinds;

import static dev.bindery.bindings.camel.FuzzedMessages.assertReadsOrRefuses;
import static dev.bindery.bindings.camel.FuzzedMessages.exchange;
import static dev.bindery.bindings.camel.FuzzedMessages.reader;

import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.testing.FuzzInputs;

/**
 * Fuzzes the message readers of the kinds in this module with the messages their consumers deliver: the input's
 * first line picks the reader ({@code cron}, {@code file}, {@code file-objects}, {@code uri}), its header lines and
 * body are the message's. Every reader returns events or throws the documented IllegalArgumentException. Seeds and
 * crashers live in {@code src/test/resources/dev/bindery/bindings/camel/internal/kinds/BindingReadersFuzzTestInputs/}.
 */
class BindingReadersFuzzTest {

    private static final Map<String, MessageReader> READERS = Map.of(
            "cron", reader(new CronBindingKind(), Map.of("cron", "@every 1s")),
            "file", reader(new FileBindingKind(), Map.of("file", "target/fuzzed")),
            "file-objects", reader(new FileBindingKind(), Map.of("file", "target/fuzzed", "objects", "true")),
            "uri", reader(new UriBindingKind(), Map.of("uri", "direct:fuzzed")));

    @FuzzTest(maxDuration = "60s")
    void everyReaderReadsOrRefusesAnyMessage(byte[] input) {
        FuzzInputs message = FuzzInputs.read(input);
        MessageReader reader = READERS.getOrDefault(message.firstLine(), READERS.get("uri"));
        assertReadsOrRefuses(reader, exchange(message));
    }
}

package dev.bindery.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    @Test
    void eachEventIsItsDataLinesJoinedAndOtherFieldsAreIgnored() {
        List<String> lines = List.of(": a comment", "event: invocation", "id: 1", "data: {\"a\":1}", "", "",
                "data:{\"b\":", "data: 2}", "", "retry: 1000", "data: {\"c\":3}");
        List<String> data = new ArrayList<>();
        new EventsCommand.ServerSentEvents(lines.iterator()).forEachRemaining(data::add);

        assertThat(data).containsExactly("{\"a\":1}", "{\"b\":\n2}", "{\"c\":3}");
    }
}

package dev.bindery.cli.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

class InvokeCommandTest {

    @Test
    void functionNamesAreJavaIdentifiersAndEverythingElseIsAType() {
        assertThat(InvokeCommand.isFunctionName("greet")).isTrue();
        assertThat(InvokeCommand.isFunctionName("placeOrder")).isTrue();
        assertThat(InvokeCommand.isFunctionName("com.example.order.placed")).isFalse();
        assertThat(InvokeCommand.isFunctionName("order-placed")).isFalse();
        assertThat(InvokeCommand.isFunctionName("")).isFalse();
    }

    @Test
    void aReplyPrintsAsCeHeadersABlankLineAndItsData() {
        CloudEvent reply = CloudEventBuilder.v1().withId("r-1").withSource(URI.create("greet"))
                .withType("greet.output").withSubject("Ada").withExtension("traceparent", "00-abc-def-01")
                .withData("application/json", "{\"message\":\"Hello, Ada!\"}".getBytes()).build();

        String printed = ReplyPrinter.binary(reply);

        assertThat(printed.lines()).contains("ce-specversion: 1.0", "ce-id: r-1", "ce-source: greet",
                "ce-type: greet.output", "ce-subject: Ada", "ce-traceparent: 00-abc-def-01",
                "content-type: application/json");
        assertThat(printed).endsWith("\n\n{\"message\":\"Hello, Ada!\"}\n");
    }

    @Test
    void aReplyPrintsAsAStructuredEventInJson() {
        CloudEvent reply = CloudEventBuilder.v1().withId("r-1").withSource(URI.create("greet"))
                .withType("greet.output").withData("application/json", "{\"message\":\"hi\"}".getBytes()).build();

        assertThat(ReplyPrinter.json(reply)).contains("\"specversion\" : \"1.0\"", "\"type\" : \"greet.output\"",
                "\"data\" : {");
    }
}

package dev.bindery.spi.support;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.testing.TestEvents;

class DeadLettersTest {

    private final CloudEvent order = TestEvents.event("http/order-placed.json");

    @Test
    void theEnvelopeIsTheEventWithReasonAttemptsAndOrigin() {
        CloudEvent letter = DeadLetters.of(order, "Function 'accept' failed: database down", 3,
                new DeadLetters.Origin(DispatchRequest.PUBSUB, "orders", "2/117"));

        assertThat(letter.getExtension(DeadLetters.REASON)).isEqualTo("Function 'accept' failed: database down");
        assertThat(letter.getExtension(DeadLetters.ATTEMPTS)).isEqualTo(3);
        assertThat(letter.getExtension(DeadLetters.ORIGIN)).isEqualTo("pubsub:orders#2/117");
        assertThat(letter.getId()).isEqualTo(order.getId());
        assertThat(letter.getSource()).isEqualTo(order.getSource());
        assertThat(letter.getType()).isEqualTo(order.getType());
        assertThat(letter.getSubject()).isEqualTo(order.getSubject());
        assertThat(letter.getExtension("knativearrivaltime")).isEqualTo(order.getExtension("knativearrivaltime"));
        assertThat(letter.getData().toBytes()).isEqualTo(order.getData().toBytes());
        assertThat(letter.getExtensionNames()).containsAll(order.getExtensionNames());
    }

    @Test
    void anOriginWithoutAPositionAndAMissingReasonAreStillTold() {
        CloudEvent letter = DeadLetters.of(order, null, 1, new DeadLetters.Origin("binding", "uploads", null));

        assertThat(letter.getExtension(DeadLetters.ORIGIN)).isEqualTo("binding:uploads");
        assertThat(letter.getExtension(DeadLetters.REASON)).isEqualTo("unknown");
    }

    @Test
    void theStructuredEnvelopeReadsBackAsTheSameEvent() {
        CloudEvent letter = DeadLetters.of(order, "rejected", 1, new DeadLetters.Origin("lambda", "sqs", "m-1"));

        byte[] structured = DeadLetters.structured(letter);

        assertThat(DeadLetters.STRUCTURED_CONTENT_TYPE).isEqualTo("application/cloudevents+json");
        CloudEvent read = EventFormatProvider.getInstance().resolveFormat(DeadLetters.STRUCTURED_CONTENT_TYPE)
                .deserialize(structured);
        assertThat(read).isEqualTo(new JsonFormat().deserialize(structured));
        assertThat(read.getId()).isEqualTo(order.getId());
        assertThat(read.getExtension(DeadLetters.REASON)).isEqualTo("rejected");
        assertThat(read.getExtension(DeadLetters.ATTEMPTS)).isEqualTo(1);
        assertThat(read.getExtension(DeadLetters.ORIGIN)).isEqualTo("lambda:sqs#m-1");
        assertThat(read.getDataContentType()).isEqualTo("application/json");
        assertThat(new String(read.getData().toBytes(), UTF_8)).contains("\"quantity\":2");
    }

    @Test
    void anUnreadableMessageKeepsItsBytesAsTheDataOfANewEvent() {
        byte[] garbage = {(byte) 0xff, 0x00, 'x'};

        CloudEvent letter = DeadLetters.unreadable(garbage, "text/csv", "not a CloudEvent", 1,
                new DeadLetters.Origin("binding", "uploads", "m-7"));
        CloudEvent untyped = DeadLetters.unreadable(garbage, null, "not a CloudEvent", 1,
                new DeadLetters.Origin("binding", "uploads", null));
        CloudEvent empty = DeadLetters.unreadable(null, null, "empty", 1, new DeadLetters.Origin("pubsub", "t", null));

        assertThat(letter.getType()).isEqualTo(DeadLetters.UNREADABLE_TYPE);
        assertThat(letter.getSource()).isEqualTo(URI.create("/bindery/binding"));
        assertThat(letter.getId()).isNotBlank().isNotEqualTo(untyped.getId());
        assertThat(letter.getDataContentType()).isEqualTo("text/csv");
        assertThat(letter.getData().toBytes()).isEqualTo(garbage);
        assertThat(letter.getExtension(DeadLetters.ORIGIN)).isEqualTo("binding:uploads#m-7");
        assertThat(letter.getExtension(DeadLetters.REASON)).isEqualTo("not a CloudEvent");
        assertThat(untyped.getDataContentType()).isEqualTo(MediaTypes.OCTET_STREAM);
        assertThat(empty.getData()).isNull();
        assertThat(new JsonFormat().deserialize(DeadLetters.structured(letter)).getData().toBytes())
                .as("binary data survives the structured envelope").isEqualTo(garbage);
    }

    @Test
    void anUnreadableCloudEventIsNotDeclaredACloudEventAgain() {
        byte[] broken = "not { json".getBytes(UTF_8);

        CloudEvent letter = DeadLetters.unreadable(broken, "application/cloudevents+json; charset=UTF-8", "not JSON", 1,
                new DeadLetters.Origin("pubsub", "orders", "0/2"));

        // in a binary-mode transport (Kafka, HTTP) that content type would make the envelope itself a structured event
        assertThat(letter.getDataContentType()).isEqualTo(MediaTypes.OCTET_STREAM);
        assertThat(letter.getData().toBytes()).isEqualTo(broken);
    }
}

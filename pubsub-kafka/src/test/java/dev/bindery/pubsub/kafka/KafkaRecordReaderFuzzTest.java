package dev.bindery.pubsub.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;

import dev.bindery.testing.FuzzInputs;

/**
 * Fuzzes the Kafka record → CloudEvent reading as {@link KafkaSubscription} does it: a record with a
 * {@code ce_specversion} header or a {@code content-type} of {@code application/cloudevents…} is read with the
 * CloudEvents SDK's {@link KafkaMessageFactory}. An unreadable record must surface only as the SDK's reader exceptions
 * ({@link CloudEventRWException}, {@link EventDeserializationException}, and {@link IllegalStateException} for a
 * missing required attribute), which a delivery must turn into a dead letter; anything else escaping would be new. The
 * credential in the record's headers ({@link KafkaRecordCredentials}) is read without any exception. The input's header
 * lines are the record's headers, its body the
 * value (the first line is the key). Seeds and crashers live in
 * {@code src/test/resources/dev/bindery/pubsub/kafka/KafkaRecordReaderFuzzTestInputs/}.
 */
class KafkaRecordReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void aRecordIsAnEventOrTheSdksReaderException(byte[] input) {
        FuzzInputs message = FuzzInputs.read(input);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("orders", 0, 42L, message.firstLine(),
                message.body());
        message.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(UTF_8)));
        // the credential headers are outside input too: any of them is a credential, none or malformed, never an error
        assertThat(KafkaRecordCredentials.of(record.headers())).isNotNull();
        if (record.headers().lastHeader("ce_specversion") == null && !message.headers().getOrDefault("content-type",
                "").startsWith("application/cloudevents")) {
            return;
        }
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (CloudEventRWException | EventDeserializationException | IllegalStateException unreadable) {
            return;
        }
        assertThat(event).isNotNull();
    }
}

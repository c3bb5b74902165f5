package dev.bindery.bindings.camel.kafka.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Endpoint;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;

import dev.bindery.binding.BindingResponse;
import dev.bindery.bindings.camel.kind.BindingEvents;
import dev.bindery.bindings.camel.kind.BindingLag;
import dev.bindery.bindings.camel.kind.BindingOption;
import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.CamelBinding;
import dev.bindery.bindings.camel.kind.CamelBindingKind;
import dev.bindery.bindings.camel.kind.EndpointUris;
import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.bindings.camel.kind.OutputCall;

/**
 * {@code kafka=<topic>}: each record of a topic used as a queue triggers the function and is committed after success
 * (the consumer group is the application's id, or {@code group}). Output: {@code create} sends a record, metadata
 * {@code key} its key. Its lag is the log end offsets minus the group's committed ones.
 */
public final class KafkaBindingKind implements CamelBindingKind {

    /** The Kafka bootstrap servers, such as {@code localhost:9092}. */
    static final BindingOption<String> BROKERS = BindingOption.required("brokers", "the Kafka bootstrap servers");
    /** The consumer group; the application's id when not set. */
    static final BindingOption<String> GROUP = BindingOption.text("group");

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public List<BindingOption<?>> options() {
        return List.of(BROKERS, GROUP);
    }

    @Override
    public CamelBinding parse(BindingOptions options) {
        return new Topic(options.target(), options.value(BROKERS), options.find(GROUP).orElse(options.appId()));
    }

    /** A topic on a cluster, read by a consumer group. */
    private record Topic(String topic, String brokers, String group) implements CamelBinding {

        @Override
        public String eventType() {
            return BindingEvents.QUEUE_MESSAGE;
        }

        @Override
        public String inputUri(EndpointUris uris) {
            return uris.build("kafka", Map.of("topic", topic, "brokers", brokers, "groupId", group, "autoOffsetReset",
                    "earliest", "breakOnFirstError", true));
        }

        @Override
        public String outputUri(EndpointUris uris) {
            return uris.build("kafka", Map.of("topic", topic, "brokers", brokers));
        }

        @Override
        public MessageReader reader(BindingEvents events) {
            return exchange -> {
                Message message = exchange.getMessage();
                String id = message.getHeader(KafkaConstants.TOPIC, String.class) + "-" + message.getHeader(
                        KafkaConstants.PARTITION) + "-" + message.getHeader(KafkaConstants.OFFSET);
                return List.of(events.message(message, id, event -> {
                    Object key = message.getHeader(KafkaConstants.KEY);
                    if (key != null) {
                        event.withExtension("partitionkey", String.valueOf(key));
                    }
                    event.withExtension("kafkatopic", message.getHeader(KafkaConstants.TOPIC, String.class));
                }));
            };
        }

        @Override
        public BindingResponse invoke(OutputCall call) {
            if (!call.is("send", "create")) {
                throw call.unknown("create (send)");
            }
            Message sent = call.send(call.payload(OutputCall.Body.GIVEN), message -> call.metadata("key")
                    .ifPresent(key -> message.setHeader(KafkaConstants.KEY, key)));
            if (sent.getHeader(KafkaConstants.KAFKA_RECORD_META) instanceof List<?> records && !records.isEmpty()
                    && records.get(0) instanceof RecordMetadata record) {
                return BindingResponse.of(null, Map.of("partition", Integer.toString(record.partition()), "offset",
                        Long.toString(record.offset())));
            }
            return BindingResponse.of(null, Map.of());
        }

        @Override
        public Optional<BindingLag> lag(Endpoint input) {
            return Optional.of(new KafkaLag(brokers, topic, group));
        }
    }
}

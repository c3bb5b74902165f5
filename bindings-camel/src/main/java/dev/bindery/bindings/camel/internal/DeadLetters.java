package dev.bindery.bindings.camel.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.spi.DeliveryListener;

/**
 * Sends a message that could not be processed to the binding's dead-letter endpoint, as a new message: the event as
 * a structured CloudEvent (JSON, which every binding kind can carry and which an input binding reads back as that
 * event) with the extension attributes {@code dlqreason}, {@code dlqbinding} and {@code dlqattempts}, and the same
 * three as headers (SQS message attributes, JMS properties, Kafka headers). A message that could not be read as an
 * event is sent with its body. When the dead-letter endpoint fails too, so does the exchange: the source keeps the
 * message (it is not acknowledged), and nothing is lost.
 */
public final class DeadLetters implements Processor {

    private final String binding;
    private final String target;
    private final Supplier<ProducerTemplate> producer;
    private final JsonFormat format = new JsonFormat();
    private final DeliveryListener deliveries;

    public DeadLetters(String binding, String target, Supplier<ProducerTemplate> producer,
            DeliveryListener deliveries) {
        this.binding = binding;
        this.target = target;
        this.producer = producer;
        this.deliveries = deliveries;
    }

    /** Exchange property set once the message is in the dead-letter destination. */
    static final String DEAD_LETTERED = "bindery.deadLettered";

    @Override
    public void process(Exchange exchange) throws Exception {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = failure == null ? "unknown" : String.valueOf(failure.getMessage());
        int attempts = exchange.getProperty(DispatchProcessor.ATTEMPTS, 0, Integer.class);
        CloudEvent event = exchange.getProperty(DispatchProcessor.EVENT, CloudEvent.class);
        Object original = exchange.getMessage().getBody();
        Exchange sent = producer.get().send(target, letter -> {
            var message = letter.getMessage();
            if (event != null) {
                CloudEvent dead = CloudEventBuilder.from(event)
                        .withExtension("dlqreason", reason)
                        .withExtension("dlqbinding", binding)
                        .withExtension("dlqattempts", attempts)
                        .build();
                message.setBody(new String(format.serialize(dead), StandardCharsets.UTF_8));
                message.setHeader(Exchange.CONTENT_TYPE, JsonFormat.CONTENT_TYPE);
                message.setHeader(Exchange.FILE_NAME, binding + "-" + event.getId().replaceAll("[^A-Za-z0-9._-]",
                        "_") + ".json");
            } else {
                message.setBody(original);
            }
            message.setHeader("dlqreason", reason);
            message.setHeader("dlqbinding", binding);
            message.setHeader("dlqattempts", Integer.toString(attempts));
        });
        if (sent.getException() != null) {
            throw new IllegalStateException("Binding '" + binding + "': the message could not be dead-lettered to "
                    + target + ", so it stays with its source", sent.getException());
        }
        exchange.setProperty(DEAD_LETTERED, true);
        deliveries.deadLettered();
    }
}

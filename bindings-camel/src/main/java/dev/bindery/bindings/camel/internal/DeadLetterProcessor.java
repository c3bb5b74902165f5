package dev.bindery.bindings.camel.internal;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.cloudevents.CloudEvent;

import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.support.DeadLetters;

/**
 * Sends a message that could not be processed to the binding's dead-letter endpoint, as a new message: the core's
 * one dead-letter envelope ({@link DeadLetters}) as a structured CloudEvent (JSON, which every binding kind can carry
 * and which an input binding reads back as that event), with its {@code dlqreason}, {@code dlqattempts} and
 * {@code dlqorigin} also as headers (SQS message attributes, JMS properties, Kafka headers). A message that could not
 * be read as an event is wrapped with its bytes. When the dead-letter endpoint fails too, so does the exchange: the
 * source keeps the message (it is not acknowledged), and nothing is lost.
 */
public final class DeadLetterProcessor implements Processor {

    private final String binding;
    private final String target;
    private final Function<Processor, Exchange> send;
    private final DeliveryListener deliveries;

    /**
     * @param target the dead-letter binding or URI, for messages
     * @param send sends a message, prepared by the processor given, to the target and answers the exchange sent
     */
    public DeadLetterProcessor(String binding, String target, Function<Processor, Exchange> send,
            DeliveryListener deliveries) {
        this.binding = binding;
        this.target = target;
        this.send = send;
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
        // the position is the event's id (an SQS message id, a file's path and time, a Kafka topic-partition-offset…);
        // a message that was not read as an event has only Camel's exchange id
        DeadLetters.Origin origin = new DeadLetters.Origin(DispatchRequest.BINDING, binding,
                event != null ? event.getId() : exchange.getExchangeId());
        CloudEvent dead = event != null
                ? DeadLetters.of(event, reason, attempts, origin)
                : DeadLetters.unreadable(bytes(exchange, original), exchange.getMessage().getHeader(Exchange.CONTENT_TYPE,
                        String.class), reason, attempts, origin);
        Exchange sent = send.apply(letter -> {
            var message = letter.getMessage();
            message.setBody(new String(DeadLetters.structured(dead), StandardCharsets.UTF_8));
            message.setHeader(Exchange.CONTENT_TYPE, DeadLetters.STRUCTURED_CONTENT_TYPE);
            message.setHeader(Exchange.FILE_NAME, binding + "-" + dead.getId().replaceAll("[^A-Za-z0-9._-]", "_")
                    + ".json");
            message.setHeader(DeadLetters.REASON, reason);
            message.setHeader(DeadLetters.ORIGIN, origin.toString());
            message.setHeader(DeadLetters.ATTEMPTS, Integer.toString(attempts));
        });
        if (sent.getException() != null) {
            throw new IllegalStateException("Binding '" + binding + "': the message could not be dead-lettered to "
                    + target + ", so it stays with its source", sent.getException());
        }
        exchange.setProperty(DEAD_LETTERED, true);
        deliveries.deadLettered();
    }

    private static byte[] bytes(Exchange exchange, Object body) {
        if (body == null) {
            return null;
        }
        return body instanceof byte[] raw ? raw : exchange.getContext().getTypeConverter().convertTo(byte[].class, body);
    }
}

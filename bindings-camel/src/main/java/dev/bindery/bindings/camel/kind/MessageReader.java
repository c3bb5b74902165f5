package dev.bindery.bindings.camel.kind;

import java.util.List;

import org.apache.camel.Exchange;

import io.cloudevents.CloudEvent;

/** Reads an input binding's Camel message as the CloudEvents a function receives. */
@FunctionalInterface
public interface MessageReader {

    /**
     * @return the message's events: usually one; none for a message that carries no event (S3's test event)
     * @throws IllegalArgumentException when the message cannot be read; it is not retried
     */
    List<CloudEvent> toEvents(Exchange exchange);
}

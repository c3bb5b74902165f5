package dev.bindery.spi.support;

import java.net.URI;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

/**
 * The envelope a subscriber sees for an event published raw (data only, no CloudEvents attributes), the same on every
 * broker: type {@code dev.bindery.pubsub.raw}, source {@code pubsub:<topic>}, id {@code <topic>-<partition>-<offset>}.
 */
public final class RawEvents {

    public static final String TYPE = "dev.bindery.pubsub.raw";

    private RawEvents() {
    }

    public static CloudEvent wrap(String topic, int partition, long offset, byte[] data) {
        return CloudEventBuilder.v1()
                .withId(topic + "-" + partition + "-" + offset)
                .withSource(URI.create("pubsub:" + topic))
                .withType(TYPE)
                .withData(data)
                .build();
    }
}

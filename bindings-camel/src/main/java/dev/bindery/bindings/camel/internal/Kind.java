package dev.bindery.bindings.camel.internal;

import java.util.Locale;

/**
 * The kinds of binding with a short form ({@code bindery.bindings.<name>.<kind>=<target>}); {@link #URI} is any Camel
 * endpoint given whole.
 */
public enum Kind {

    /** A Quartz cron expression; input only. */
    CRON("dev.bindery.cron.tick"),
    /** An SQS queue (or an S3 notification queue). */
    SQS("dev.bindery.queue.message"),
    /** An AMQP 1.0 queue (ActiveMQ Artemis, Azure Service Bus, Qpid…). */
    AMQP("dev.bindery.queue.message"),
    /** A Kafka topic used as a queue. */
    KAFKA("dev.bindery.queue.message"),
    /** An S3 (or S3-compatible) bucket. */
    S3("dev.bindery.s3.object.created"),
    /** A directory. */
    FILE("dev.bindery.file.created"),
    /** An HTTP endpoint; output only. */
    HTTP(null),
    /** Any Camel endpoint URI. */
    URI("dev.bindery.binding.message");

    private final String eventType;

    Kind(String eventType) {
        this.eventType = eventType;
    }

    /** @return the type of the events its input makes, unless configured otherwise */
    public String eventType() {
        return eventType;
    }

    /** @return the option naming the kind, such as {@code cron} */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}

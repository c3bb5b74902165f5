package dev.bindery.spi.support;

import java.net.URI;
import java.util.Objects;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

/**
 * The one dead-letter envelope of every transport (pub/sub, bindings, Lambda): the original event with three
 * extension attributes — {@value #REASON} (why it was not processed), {@value #ATTEMPTS} (deliveries made) and
 * {@value #ORIGIN} (where it came from: {@code <transport>:<name>} with {@code #<position>} when the source has one,
 * such as {@code pubsub:orders#2/117} for partition 2, offset 117, or {@code binding:uploads#<message id>}). A
 * transport that carries bytes sends the envelope as a structured CloudEvent ({@link #structured}), which an input
 * binding or a subscriber reads back as that event. A message that could not be read as an event at all is wrapped in
 * an event of type {@value #UNREADABLE_TYPE} whose data is the message's bytes.
 */
public final class DeadLetters {

    /** Why the event was dead-lettered. */
    public static final String REASON = "dlqreason";
    /** How many deliveries were made. */
    public static final String ATTEMPTS = "dlqattempts";
    /** Where the event came from. */
    public static final String ORIGIN = "dlqorigin";
    /** The type of the event made around a message that was not a readable event. */
    public static final String UNREADABLE_TYPE = "dev.bindery.unreadable";

    private static final JsonFormat FORMAT = new JsonFormat();
    /** The prefix of the CloudEvents formats' media types (structured and batch). */
    private static final String CLOUDEVENTS_MEDIA_TYPES = "application/cloudevents";

    private DeadLetters() {
    }

    /**
     * Where a dead-lettered event came from.
     *
     * @param transport {@code pubsub}, {@code binding}, {@code lambda}…
     * @param name the topic, binding or event source
     * @param position where in the source, such as {@code <partition>/<offset>} or a message id; may be null
     */
    public record Origin(String transport, String name, String position) {
        public Origin {
            Objects.requireNonNull(transport, "transport");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return transport + ":" + name + (position == null ? "" : "#" + position);
        }
    }

    /** @return the dead letter of an event */
    public static CloudEvent of(CloudEvent event, String reason, int attempts, Origin origin) {
        return CloudEventBuilder.from(event)
                .withExtension(REASON, reason == null ? "unknown" : reason)
                .withExtension(ATTEMPTS, attempts)
                .withExtension(ORIGIN, origin.toString())
                .build();
    }

    /**
     * @return the dead letter of a message that is not a readable event: its bytes as the data of a new event, with the
     *         message's content type, or {@code application/octet-stream} when it has none or declares a CloudEvents
     *         format (which it failed to be: declared on the envelope's data, a binary-mode transport would take the
     *         envelope itself for a structured event)
     */
    public static CloudEvent unreadable(byte[] body, String contentType, String reason, int attempts, Origin origin) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(EventIds.next())
                .withSource(URI.create("/bindery/" + origin.transport()))
                .withType(UNREADABLE_TYPE);
        if (body != null) {
            builder.withData(contentType == null || contentType.startsWith(CLOUDEVENTS_MEDIA_TYPES)
                    ? MediaTypes.OCTET_STREAM
                    : contentType, body);
        }
        return of(builder.build(), reason, attempts, origin);
    }

    /** @return the envelope as a structured-mode CloudEvent ({@code application/cloudevents+json}) */
    public static byte[] structured(CloudEvent deadLetter) {
        return FORMAT.serialize(deadLetter);
    }

    /** The content type of {@link #structured}. */
    public static final String STRUCTURED_CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
}

package dev.bindery.pubsub;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Publishes events to the topics of one pub/sub component. Each event is a CloudEvent (id, {@code source} = the
 * application id, type, time, {@code datacontenttype}) unless published raw. Thread-safe.
 */
public interface Publisher {

    /**
     * Publishes the data as a JSON event of type {@code <topic>.published}, and blocks until the broker has it.
     *
     * @return the event's id
     * @throws PublishException when the broker does not take it within the component's timeout
     */
    String publish(String topic, Object data);

    /**
     * Publishes one event and blocks until the broker has it.
     *
     * @return the event's id
     * @throws PublishException when the broker does not take it within the component's timeout
     */
    String publish(PublishRequest request);

    /** @return completes with the event's id once the broker has it, or exceptionally with a {@link PublishException} */
    CompletionStage<String> publishAsync(PublishRequest request);

    /**
     * Publishes several events, and blocks until the broker has answered for each.
     *
     * @return one result per request, in order: the event id or the failure
     */
    List<PublishResult> publishBulk(List<PublishRequest> requests);

    /** The outcome of one event of a bulk publish. */
    record PublishResult(String eventId, PublishException failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }
}

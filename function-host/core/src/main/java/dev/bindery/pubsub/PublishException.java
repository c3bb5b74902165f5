package dev.bindery.pubsub;

/**
 * A publish failed: the broker did not acknowledge the event in time, refused it, or the request was malformed. The
 * message names the topic and the reason; nothing is known to have been published.
 */
public class PublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}

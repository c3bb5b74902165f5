package dev.bindery.function;

/**
 * Thrown by a function to reject an event that can never be processed, so that it is not retried: HTTP answers
 * {@code 422 Unprocessable Content} (a status Knative does not retry), and queue transports send the event straight to
 * the dead-letter destination with this message as the reason.
 * <p>
 * Any other exception a function throws is treated as transient and retried (HTTP {@code 500}).
 */
public class EventRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param reason why the event cannot be processed; shown to the sender and recorded on dead-lettered events
     */
    public EventRejectedException(String reason) {
        super(reason);
    }

    /**
     * @param reason why the event cannot be processed
     * @param cause the underlying failure
     */
    public EventRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}

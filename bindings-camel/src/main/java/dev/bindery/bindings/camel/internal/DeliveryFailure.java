package dev.bindery.bindings.camel.internal;

/**
 * Why a binding's message was not processed, set on the Camel exchange so that its error handler retries it (or not)
 * and then dead-letters it with this message as the reason.
 */
public class DeliveryFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DeliveryFailure(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** The message itself is bad or was rejected by the function: it goes to the dead letter without retries. */
    public static final class Rejected extends DeliveryFailure {

        private static final long serialVersionUID = 1L;

        public Rejected(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}

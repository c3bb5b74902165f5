package dev.bindery.internal.actors;

/** The actor is (now) owned by another member: the call was not run here, or its changes were refused. Retryable. */
public final class ActorMovedException extends RuntimeException {

    public ActorMovedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.bindery.actors;

import dev.bindery.function.EventRejectedException;

/**
 * A state key or value over the limits ({@link ActorState}). Thrown by {@link ActorState#set}; when the method lets it
 * escape, the call is rejected (not retried: the same call would write the same value again) and the turn's writes
 * are dropped.
 */
public class ActorStateLimitException extends EventRejectedException {

    public ActorStateLimitException(String message) {
        super(message);
    }
}

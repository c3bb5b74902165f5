package dev.bindery.actors;

/**
 * Implemented by an actor class that wants to hear of its activation and deactivation. Both run as turns: no method of
 * the actor runs at the same time, and state changes they make are saved like a method's.
 */
public interface ActorLifecycle {

    /** Called once the actor is activated on this member, before its first method call. */
    default void onActivate(ActorContext context) {
    }

    /**
     * Called before the actor is deactivated: it was idle for the configured time, it moved to another member, or the
     * host stops. Not called when the member crashes.
     */
    default void onDeactivate(ActorContext context) {
    }
}

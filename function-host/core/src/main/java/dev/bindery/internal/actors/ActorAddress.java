package dev.bindery.internal.actors;

import io.cloudevents.CloudEvent;

/**
 * How an event names the actor it is for: the extension attributes {@value #TYPE}, {@value #ID} and {@value #METHOD}
 * (CloudEvents extension names: lower-case letters and digits), and those the runtime adds on the way.
 */
public final class ActorAddress {

    /** The actor type. */
    public static final String TYPE = "actortype";
    /** The actor id. */
    public static final String ID = "actorid";
    /** The actor method. */
    public static final String METHOD = "actormethod";
    /** The call chain a call belongs to (reentrancy). */
    public static final String CHAIN = "actorchain";
    /** How many members forwarded the call so far. */
    public static final String HOPS = "actorhops";
    /** The reminder that fired. */
    public static final String REMINDER = "actorreminder";
    /** The due time (epoch milliseconds) of the reminder firing. */
    public static final String DUE = "actordue";
    /** The timer that fired. */
    public static final String TIMER = "actortimer";

    private ActorAddress() {
    }

    /** @return the function name of an actor method: {@code <type>.<method>} */
    public static String function(String type, String method) {
        return type + "." + method;
    }

    /** @return the function the actor method is, or null when the event names no actor */
    public static String functionOf(CloudEvent event) {
        Object type = event.getExtension(TYPE);
        Object method = event.getExtension(METHOD);
        return type == null || method == null ? null : function(type.toString(), method.toString());
    }

    /** @return the event's extension as a string, or null */
    static String extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }
}

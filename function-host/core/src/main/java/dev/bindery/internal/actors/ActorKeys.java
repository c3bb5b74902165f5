package dev.bindery.internal.actors;

import dev.bindery.actors.ActorStateLimitException;

/**
 * The actors' keys in the state store, Dapr's layout: an actor is {@code <app>||<type>||<id>}, its state keys
 * {@code <app>||<type>||<id>||<key>}; the runtime's own entries of an actor start with {@code $} after its key
 * ({@code …||$lease}, {@code …||$reminder||<name>}, {@code …||$fired||<name>||<due>}), so user keys may not. The store
 * places every key of an actor with the actor's key (see {@code StateBackend#ownerOf}).
 */
public final class ActorKeys {

    static final String SEPARATOR = "||";
    static final int MAX_KEY = 1024;
    private static final String LEASE = "||$lease";
    private static final String REMINDER = "||$reminder||";
    private static final String FIRED = "||$fired||";
    private static final String MEMBERS = "||$members||";

    private final String app;

    public ActorKeys(String app) {
        this.app = app;
    }

    /** @return the actor's key */
    public String actor(String type, String id) {
        return app + SEPARATOR + type + SEPARATOR + id;
    }

    /** @return the key of one of the actor's state keys */
    static String state(String actor, String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY || key.charAt(0) == '$') {
            throw new ActorStateLimitException("An actor state key is 1 to " + MAX_KEY + " characters and does not "
                    + "start with '$': '" + abbreviate(key) + "'");
        }
        return actor + SEPARATOR + key;
    }

    static String lease(String actor) {
        return actor + LEASE;
    }

    static String reminder(String actor, String name) {
        return actor + REMINDER + name;
    }

    static String reminderPrefix(String actor) {
        return actor + REMINDER;
    }

    /** @return true when the key is a reminder's entry */
    static boolean isReminder(String key) {
        return key.contains(REMINDER);
    }

    /** @return the actor key of a reminder's entry */
    static String actorOfReminder(String key) {
        return key.substring(0, key.indexOf(REMINDER));
    }

    static String fired(String actor, String reminder, long dueMillis) {
        return actor + FIRED + reminder + SEPARATOR + dueMillis;
    }

    /** @return the key under which a member's URL is kept */
    String member(String member) {
        return app + MEMBERS + member;
    }

    /** @return the prefix of every key of the application */
    String appPrefix() {
        return app + SEPARATOR;
    }

    /**
     * Checks a type name or an actor id: not empty, at most 256 characters, no {@code ||}.
     *
     * @return the problem, or null when it is valid
     */
    public static String invalid(String what, String value) {
        if (value == null || value.isEmpty()) {
            return "The actor " + what + " is missing";
        }
        if (value.length() > 256) {
            return "The actor " + what + " is over 256 characters";
        }
        if (value.contains(SEPARATOR)) {
            return "The actor " + what + " '" + abbreviate(value) + "' contains '||'";
        }
        return null;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}

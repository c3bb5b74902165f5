package dev.bindery.state.infinispan;

import org.infinispan.distribution.group.Grouper;

/**
 * Places an actor's keys with the actor: a key {@code <a>||<b>||<c>||<rest>} belongs to the group {@code <a>||<b>||<c>}
 * (the actor's own key), so its state, lease and reminders share the actor's segment and primary owner. Other keys keep
 * the group they came with (none: normal placement).
 */
final class ActorKeyGrouper implements Grouper<String> {

    private static final String SEPARATOR = "||";

    @Override
    public Object computeGroup(String key, Object group) {
        int first = key.indexOf(SEPARATOR);
        if (first < 0) {
            return group;
        }
        int second = key.indexOf(SEPARATOR, first + SEPARATOR.length());
        if (second < 0) {
            return group;
        }
        int third = key.indexOf(SEPARATOR, second + SEPARATOR.length());
        return third < 0 ? group : key.substring(0, third);
    }

    @Override
    public Class<String> getKeyType() {
        return String.class;
    }
}

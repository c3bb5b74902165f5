package dev.bindery.internal.state;

/**
 * How application keys map to stored keys: {@code <prefix>||<key>}, or unchanged. The prefix is the application id by
 * default, so applications sharing a store do not see each other's keys.
 */
public final class KeyScope {

    /** Separates the scope from the key; keys must not contain it. */
    public static final String SEPARATOR = "||";

    private final String prefix;

    private KeyScope(String prefix) {
        this.prefix = prefix;
    }

    /** @return keys stored as {@code <prefix>||<key>} */
    public static KeyScope prefixed(String prefix) {
        if (prefix == null || prefix.isEmpty() || prefix.contains(SEPARATOR)) {
            throw new IllegalArgumentException("A key prefix must be non-empty and must not contain '" + SEPARATOR
                    + "', was '" + prefix + "'");
        }
        return new KeyScope(prefix + SEPARATOR);
    }

    /** @return keys stored as they are */
    public static KeyScope none() {
        return new KeyScope("");
    }

    public String scoped(String key) {
        return prefix.isEmpty() ? key : prefix + key;
    }

    public String unscoped(String stored) {
        return stored.startsWith(prefix) ? stored.substring(prefix.length()) : stored;
    }
}

package dev.bindery.internal.secrets;

import java.util.Set;

/**
 * Which secrets of a store the application may read: {@code denied} wins, then a non-empty {@code allowed} list
 * decides, then {@code default-access}.
 */
record SecretScope(boolean allowByDefault, Set<String> allowed, Set<String> denied) {

    static final SecretScope ALLOW_ALL = new SecretScope(true, Set.of(), Set.of());

    SecretScope {
        allowed = Set.copyOf(allowed);
        denied = Set.copyOf(denied);
    }

    /** @return null when the secret may be read, else why not */
    String refusal(String name) {
        if (denied.contains(name)) {
            return "the store's denied list names it";
        }
        if (!allowed.isEmpty()) {
            return allowed.contains(name) ? null : "the store's allowed list does not name it";
        }
        return allowByDefault ? null : "the store's default-access is deny and its allowed list does not name it";
    }
}

package dev.bindery.internal.security;

/** Names with {@code *} wildcards, as access policies write them: {@code *} matches any run of characters. */
public final class Globs {

    private Globs() {
    }

    /** @return true when the glob matches the whole value */
    public static boolean matches(String glob, String value) {
        int star = glob.indexOf('*');
        if (star < 0) {
            return glob.equals(value);
        }
        if (!value.startsWith(glob.substring(0, star))) {
            return false;
        }
        int at = star;
        String[] parts = glob.substring(star + 1).split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1) {
                return value.length() - part.length() >= at && value.endsWith(part);
            }
            int found = value.indexOf(part, at);
            if (found < 0) {
                return false;
            }
            at = found + part.length();
        }
        return true;
    }

    /** @return how many wildcards the glob has */
    static int stars(String glob) {
        return (int) glob.chars().filter(c -> c == '*').count();
    }
}

package dev.bindery.internal.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ${secret:<store>/<name>#<key>}} reference in a configuration value. The name may contain slashes (a Vault
 * path); without {@code #<key>} the secret must have one key, or a key equal to its name.
 *
 * @param store the store's name
 * @param name the secret's name
 * @param key the key, or null for the secret's only key
 * @param text the reference as written
 */
public record SecretReference(String store, String name, String key, String text) {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^/}#\\s]+)/([^}#]+)(?:#([^}]+))?}");
    private static final String OPENING = "${secret:";

    /** @return whether the value holds a reference (or something written like one) */
    public static boolean mentions(String value) {
        return value != null && value.contains(OPENING);
    }

    /**
     * @return the references in the value, in order
     * @throws IllegalArgumentException when the value opens a reference that is not well formed
     */
    public static List<SecretReference> parse(String value) {
        List<SecretReference> references = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(value);
        int from = 0;
        while (true) {
            int opening = value.indexOf(OPENING, from);
            if (opening < 0) {
                return references;
            }
            if (!matcher.find(opening) || matcher.start() != opening) {
                int end = value.indexOf('}', opening);
                throw new IllegalArgumentException("Malformed secret reference '"
                        + value.substring(opening, end < 0 ? value.length() : end + 1)
                        + "': write ${secret:<store>/<name>} or ${secret:<store>/<name>#<key>}");
            }
            references.add(new SecretReference(matcher.group(1), matcher.group(2), matcher.group(3),
                    matcher.group()));
            from = matcher.end();
        }
    }

    /** @return the value with every reference replaced by what {@code resolve} gives for it */
    public static String substitute(String value, java.util.function.Function<SecretReference, String> resolve) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (SecretReference reference : parse(value)) {
            int at = value.indexOf(reference.text(), from);
            out.append(value, from, at).append(resolve.apply(reference));
            from = at + reference.text().length();
        }
        return out.append(value.substring(from)).toString();
    }

    /** @return {@code <store>/<name>}, how scoping lists and logs name the secret */
    public String secret() {
        return store + "/" + name;
    }

    @Override
    public String toString() {
        return text;
    }
}

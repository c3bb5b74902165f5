package dev.bindery.internal.routing;

import java.util.Objects;

import io.cloudevents.CloudEvent;

/**
 * One condition of an {@link EventFilter}: an attribute compared to a value by exact, prefix or suffix match. Written
 * {@code name=value}, {@code name^=value} or {@code name$=value}.
 */
public final class AttributeCondition {

    /** How the attribute is compared. */
    public enum Kind {
        EXACT("="), PREFIX("^="), SUFFIX("$=");

        private final String operator;

        Kind(String operator) {
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }
    }

    private final String attribute;
    private final Kind kind;
    private final String value;

    public AttributeCondition(String attribute, Kind kind, String value) {
        this.attribute = Objects.requireNonNull(attribute, "attribute");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.value = Objects.requireNonNull(value, "value");
    }

    public static AttributeCondition exact(String attribute, String value) {
        return new AttributeCondition(attribute, Kind.EXACT, value);
    }

    /**
     * Parses {@code name=value}, {@code name^=value} or {@code name$=value}.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static AttributeCondition parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("Filter condition '" + text
                    + "' is not of the form name=value, name^=value (prefix) or name$=value (suffix)");
        }
        char before = text.charAt(eq - 1);
        Kind kind = before == '^' ? Kind.PREFIX : before == '$' ? Kind.SUFFIX : Kind.EXACT;
        String name = text.substring(0, kind == Kind.EXACT ? eq : eq - 1).trim();
        String value = text.substring(eq + 1);
        if (!isValidAttributeName(name)) {
            throw new IllegalArgumentException("Filter condition '" + text + "' names attribute '" + name
                    + "': CloudEvents attribute names are 1 to 20 lower-case letters or digits");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Filter condition '" + text + "' has an empty value");
        }
        return new AttributeCondition(name, kind, value);
    }

    static boolean isValidAttributeName(String name) {
        if (name.isEmpty() || name.length() > 20) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    public String attribute() {
        return attribute;
    }

    public Kind kind() {
        return kind;
    }

    public String value() {
        return value;
    }

    /** @return true when the event has the attribute and its value satisfies the condition */
    public boolean matches(CloudEvent event) {
        String actual = EventAttributes.get(event, attribute);
        return actual != null && test(actual);
    }

    boolean test(String actual) {
        switch (kind) {
            case EXACT :
                return actual.equals(value);
            case PREFIX :
                return actual.startsWith(value);
            default :
                return actual.endsWith(value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeCondition other && attribute.equals(other.attribute) && kind == other.kind
                && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attribute, kind, value);
    }

    @Override
    public String toString() {
        return attribute + kind.operator() + value;
    }
}

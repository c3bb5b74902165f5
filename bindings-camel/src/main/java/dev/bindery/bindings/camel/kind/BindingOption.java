package dev.bindery.bindings.camel.kind;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.apache.camel.util.TimeUtils;

/**
 * One option of a binding, {@code bindery.bindings.<binding>.<name>}: its name, its default and how its text is read.
 * Each option is declared once, as a constant with a one-line Javadoc, by the kind that owns it (or by the engine for
 * the options every binding has) and read with {@link BindingOptions#value} or {@link BindingOptions#find}.
 *
 * @param <T> the type of its value
 */
public final class BindingOption<T> {

    private final String name;
    private final String fallback;
    private final String missing;
    private final Function<String, T> parser;

    private BindingOption(String name, String fallback, String missing, Function<String, T> parser) {
        this.name = Objects.requireNonNull(name);
        this.fallback = fallback;
        this.missing = missing;
        this.parser = parser;
    }

    /**
     * @param parser reads the text; throws an {@link IllegalArgumentException} saying what to give instead
     * @param fallback the default, as it would be written in configuration, or null for none
     */
    public static <T> BindingOption<T> of(String name, String fallback, Function<String, T> parser) {
        return new BindingOption<>(name, fallback, null, parser);
    }

    /** @return an option whose value is its text, without a default */
    public static BindingOption<String> text(String name) {
        return of(name, null, Function.identity());
    }

    /** @return an option whose value is its text, {@code fallback} when not set */
    public static BindingOption<String> text(String name, String fallback) {
        return of(name, fallback, Function.identity());
    }

    /**
     * @param what what the option is, for the message when it is missing ("the Kafka bootstrap servers")
     * @return an option whose value is its text and that must be set
     */
    public static BindingOption<String> required(String name, String what) {
        return new BindingOption<>(name, null, what, Function.identity());
    }

    /** @return an option that is {@code true} or {@code false}, {@code false} when not set */
    public static BindingOption<Boolean> flag(String name) {
        return of(name, "false", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("give true or false");
        });
    }

    /** @return an option that is a duration such as {@code 500ms}, {@code 10s} or {@code 1m} */
    public static BindingOption<Duration> duration(String name, String fallback) {
        return of(name, fallback, text -> {
            try {
                return Duration.ofMillis(TimeUtils.toMilliSeconds(text));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("give a duration such as 500ms, 10s or 1m");
            }
        });
    }

    /** @return an option that is a whole number of 1 or more */
    public static BindingOption<Integer> count(String name, String fallback) {
        return of(name, fallback, text -> {
            try {
                int count = Integer.parseInt(text);
                if (count >= 1) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new IllegalArgumentException("give a whole number of 1 or more");
        });
    }

    /** @return the option's name, as in {@code bindery.bindings.<binding>.<name>} */
    public String name() {
        return name;
    }

    /** @return the default, as it would be written in configuration */
    public Optional<String> fallback() {
        return Optional.ofNullable(fallback);
    }

    /** @return what the option is, when it must be set */
    Optional<String> missing() {
        return Optional.ofNullable(missing);
    }

    T parse(String text) {
        return parser.apply(text);
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.bindery.bindings.camel.kind;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A binding's options as configured ({@code bindery.bindings.<binding>.*}), read through declared
 * {@link BindingOption}s so that every message about a wrong option names it in full.
 */
public final class BindingOptions {

    /** The prefix of the options passed to the Camel endpoint as they are. */
    public static final String PASS_THROUGH = "options.";

    private final String binding;
    private final String kind;
    private final String appId;
    private final Map<String, String> options;

    /**
     * @param binding the binding's name
     * @param kind the kind's option name; its value is the target
     * @param appId the application's id
     * @param options the binding's options without the {@code bindery.bindings.<binding>.} prefix
     */
    public BindingOptions(String binding, String kind, String appId, Map<String, String> options) {
        this.binding = binding;
        this.kind = kind;
        this.appId = appId;
        this.options = Map.copyOf(options);
    }

    /** @return the binding's name */
    public String binding() {
        return binding;
    }

    /** @return the kind's option name, such as {@code sqs} */
    public String kind() {
        return kind;
    }

    /** @return the application's id: the consumer group of queue bindings and part of event ids */
    public String appId() {
        return appId;
    }

    /** @return the kind's value, trimmed and never empty: the cron expression, queue, topic, bucket, directory… */
    public String target() {
        return text(kind).orElseThrow(() -> new IllegalArgumentException(key(kind) + " is empty"));
    }

    /**
     * @return the option's value, or its default
     * @throws IllegalArgumentException naming the option when it is wrong, or missing without a default
     */
    public <T> T value(BindingOption<T> option) {
        return find(option).orElseThrow(() -> new IllegalArgumentException(key(option.name()) + " is missing"
                + option.missing().map(what -> ": " + what).orElse("")));
    }

    /**
     * @return the option's value, its default, or nothing when it has neither
     * @throws IllegalArgumentException naming the option when it is wrong
     */
    public <T> Optional<T> find(BindingOption<T> option) {
        String given = text(option.name()).or(option::fallback).orElse(null);
        if (given == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(option.parse(given));
        } catch (IllegalArgumentException e) {
            throw invalid(option.name(), given, e.getMessage());
        }
    }

    /** @return whether the option is set (to something other than blanks) */
    public boolean has(BindingOption<?> option) {
        return text(option.name()).isPresent();
    }

    /** @return the {@code options.<camel-option>} of the binding, without the prefix */
    public Map<String, String> passThrough() {
        Map<String, String> passed = new TreeMap<>();
        options.forEach((key, value) -> {
            if (key.startsWith(PASS_THROUGH)) {
                passed.put(key.substring(PASS_THROUGH.length()), value);
            }
        });
        return passed;
    }

    /** @return an error saying that the option's value is wrong, and why */
    public IllegalArgumentException invalid(String option, String value, String why) {
        return new IllegalArgumentException(key(option) + " is '" + value + "': " + why);
    }

    /** @return the option's full name, {@code bindery.bindings.<binding>.<option>} */
    public String key(String option) {
        return "bindery.bindings." + binding + "." + option;
    }

    private Optional<String> text(String option) {
        return Optional.ofNullable(options.get(option)).map(String::trim).filter(value -> !value.isEmpty());
    }
}

package dev.bindery.cli.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text resource with {@code @name@} placeholders (the delimiters of Maven's resource filtering, which leave the
 * {@code ${…}} of poms and Quarkus configuration alone). A line that holds nothing but one placeholder takes the value's
 * lines as they are, and disappears when the value is empty. A placeholder without a value is an error, so a typo in a
 * template fails the generation (and its tests) rather than reaching a user's project.
 */
final class Template {

    /** A placeholder alone on its line (group 1, the line taken whole), or anywhere (group 2). */
    private static final Pattern PLACEHOLDER = Pattern
            .compile("(?m)^[ \\t]*@([a-zA-Z][a-zA-Z0-9]*)@[ \\t]*\\R|@([a-zA-Z][a-zA-Z0-9]*)@");

    private final String name;
    private final String text;

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** @return the resource at {@code path} (relative to this package), if there is one */
    static Optional<Template> resource(String path) {
        try (InputStream in = Template.class.getResourceAsStream(path)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Template(path, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the template " + path + " from the bindery CLI's jar", e);
        }
    }

    /** @return a template of {@code text}, named {@code name} in errors */
    static Template of(String name, String text) {
        return new Template(name, text);
    }

    /** @return the text with every placeholder replaced by its value in {@code values}, in one pass */
    String render(Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            boolean wholeLine = matcher.group(1) != null;
            String key = wholeLine ? matcher.group(1) : matcher.group(2);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalStateException("The template " + name + " has the placeholder @" + key
                        + "@, which has no value (known: " + values.keySet() + ")");
            }
            if (wholeLine && !value.isEmpty() && !value.endsWith("\n")) {
                value += "\n";
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}

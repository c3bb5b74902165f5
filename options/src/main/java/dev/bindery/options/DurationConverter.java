package dev.bindery.options;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads a duration option written as in the rest of the configuration ({@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, a bare number of seconds) or in ISO-8601 ({@code PT5S}). Use it on a mapping's {@code Duration} option
 * with {@code @WithConverter(DurationConverter.class)}: SmallRye Config alone only knows ISO-8601.
 */
public final class DurationConverter implements Converter<Duration> {

    private static final long serialVersionUID = 1L;
    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return null;
        }
        if (text.startsWith("p")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw notADuration(value);
            }
        }
        Matcher matcher = SHORT.matcher(text);
        if (!matcher.matches()) {
            throw notADuration(value);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static IllegalArgumentException notADuration(String value) {
        return new IllegalArgumentException("'" + value + "' is not a duration (write 500ms, 5s, 2m, 1h or ISO-8601)");
    }
}

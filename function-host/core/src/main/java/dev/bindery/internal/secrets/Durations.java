package dev.bindery.internal.secrets;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The durations of backend options, written as in the rest of the configuration: {@code 500ms}, {@code 2s}, ISO-8601. */
final class Durations {

    private Durations() {
    }

    static Duration parse(String store, String option, String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            char unit = text.charAt(text.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(text));
            }
            return Duration.parse("PT" + text.substring(0, text.length() - 1) + Character.toUpperCase(unit));
        } catch (RuntimeException e) {
            if (e instanceof DateTimeParseException || e instanceof NumberFormatException
                    || e instanceof StringIndexOutOfBoundsException) {
                throw new IllegalArgumentException("bindery.secrets." + store + "." + option + "='" + value
                        + "' is not a duration (write 500ms, 2s, 5m or ISO-8601)");
            }
            throw e;
        }
    }
}

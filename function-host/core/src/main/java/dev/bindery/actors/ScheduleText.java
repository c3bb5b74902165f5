package dev.bindery.actors;

import static dev.bindery.actors.InvalidScheduleException.DUE_TIME;
import static dev.bindery.actors.InvalidScheduleException.PERIOD;
import static dev.bindery.actors.InvalidScheduleException.TTL;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.Map;

/**
 * Reads Dapr's texts for the parts of a schedule: {@code dueTime} and {@code ttl} are an RFC 3339 time, a Go duration or
 * an ISO 8601 duration; {@code period} is a Go duration or an ISO 8601 duration, the latter optionally with a total
 * number of fires ({@code R5/PT1S}). The JDK parses the RFC 3339 and ISO 8601 forms; {@link GoDuration} the Go one.
 */
final class ScheduleText {

    /** The RFC 3339 range: four-digit years, so that a time read or built here can be written back as RFC 3339. */
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final Map<String, String> ACCEPTED = Map.of(
            DUE_TIME, "an RFC 3339 time (2020-10-02T15:00:00Z), a Go duration (2h30m, 500ms) or an ISO 8601 duration "
                    + "(PT2H30M, P1DT2H); empty or 0 to fire at once",
            PERIOD, "a Go duration (2h30m, 500ms) or an ISO 8601 duration (PT2H30M, P1DT2H), optionally with the total "
                    + "number of fires (R5/PT1M30S); empty to fire once",
            TTL, "an RFC 3339 time (2020-10-02T15:00:00Z), a Go duration (2h30m, 500ms) or an ISO 8601 duration "
                    + "(PT2H30M, P1DT2H), counted from the first due time; empty for no end");

    private ScheduleText() {
    }

    /** A {@code dueTime} or {@code ttl}: a delay or a point in time, exactly one of them non-null. */
    record When(Duration delay, Instant at) {
    }

    /** A {@code period}: how often (null to fire once) and how many fires in total ({@link Schedule#UNBOUNDED}). */
    record Every(Duration period, int fires) {
    }

    /**
     * @param field {@code dueTime} or {@code ttl}
     * @param text non-empty
     */
    static When when(String field, String text) {
        if (text.startsWith("-")) {
            throw invalid(field, text, "is negative");
        }
        if (text.startsWith("R")) {
            throw invalid(field, text, "has repetitions, which only a period may have");
        }
        if (text.startsWith("P")) {
            return new When(isoDuration(field, text, text), null);
        }
        if (text.indexOf(':') >= 0 || text.indexOf('T') >= 0) {
            return new When(null, rfc3339(field, text));
        }
        return new When(goDuration(field, text), null);
    }

    /** @param text a period, non-empty */
    static Every every(String text) {
        if (text.startsWith("-")) {
            throw invalid(PERIOD, text, "is negative");
        }
        if (!text.startsWith("R")) {
            Duration period = text.startsWith("P") ? isoDuration(PERIOD, text, text) : goDuration(PERIOD, text);
            // Dapr reads a zero period as no repetition at all
            return new Every(period.isZero() ? null : period, Schedule.UNBOUNDED);
        }
        int slash = text.indexOf('/');
        String count = text.substring(1, slash < 0 ? text.length() : slash);
        if (slash < 0 || !text.startsWith("P", slash + 1)) {
            throw invalid(PERIOD, text, "has repetitions without an ISO 8601 duration after a '/'");
        }
        if (count.isEmpty() || !count.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(PERIOD, text, "has a repetition count that is not a whole number");
        }
        int fires;
        try {
            fires = Integer.parseInt(count);
        } catch (NumberFormatException tooMany) {
            throw invalid(PERIOD, text, "has more than " + Integer.MAX_VALUE + " repetitions");
        }
        if (fires == 0) {
            throw invalid(PERIOD, text, "has zero repetitions; the count is the total number of fires, at least 1");
        }
        Duration period = isoDuration(PERIOD, text.substring(slash + 1), text);
        if (period.isZero()) {
            throw invalid(PERIOD, text, "has repetitions of a zero duration");
        }
        return new Every(period, fires);
    }

    private static Duration goDuration(String field, String text) {
        try {
            return GoDuration.parse(text);
        } catch (NumberFormatException malformed) {
            throw invalid(field, text, malformed.getMessage());
        }
    }

    /** Weeks and days as 7 × 24 h and 24 h, then hours, minutes and (fractional) seconds; no months or years. */
    private static Duration isoDuration(String field, String iso, String text) {
        if (iso.indexOf('-') >= 0) {
            throw invalid(field, text, "is negative");
        }
        int time = Math.max(iso.indexOf('T'), iso.indexOf('t'));
        String datePart = time < 0 ? iso : iso.substring(0, time);
        Duration duration;
        try {
            Duration days = Duration.ZERO;
            if (datePart.length() > 1 || time < 0) {
                Period date = Period.parse(datePart);
                if (date.getYears() != 0 || date.getMonths() != 0) {
                    throw invalid(field, text, "has months or years, which are not fixed lengths; use weeks (P4W) or "
                            + "days (P30D)");
                }
                days = Duration.ofDays(date.getDays());
            }
            duration = time < 0 ? days : days.plus(Duration.parse("P" + iso.substring(time)));
        } catch (DateTimeException | ArithmeticException malformed) {
            throw invalid(field, text, "is not an ISO 8601 duration of weeks, days, hours, minutes and seconds");
        }
        if (duration.compareTo(GoDuration.LONGEST) > 0) {
            throw invalid(field, text, "is longer than " + GoDuration.LONGEST + ", the longest Dapr accepts");
        }
        return duration;
    }

    private static Instant rfc3339(String field, String text) {
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException malformed) {
            throw invalid(field, text, "is not an RFC 3339 time with an offset, such as 2020-10-02T15:00:00Z");
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw invalid(field, text, "is outside RFC 3339's years 0000 to 9999");
        }
        return at;
    }

    private static InvalidScheduleException invalid(String field, String text, String problem) {
        return new InvalidScheduleException(field, field + " " + quote(text) + " " + problem + ". Use "
                + ACCEPTED.get(field) + ".");
    }

    /** @return the text in double quotes, control characters escaped and a long one cut short, fit for a log line */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        int shown = Math.min(text.length(), 64);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 0x7f || c == '"' || c == '\\') {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append(shown < text.length() ? "…\"" : "\"").toString();
    }
}

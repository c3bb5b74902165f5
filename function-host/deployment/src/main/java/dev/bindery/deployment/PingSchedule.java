package dev.bindery.deployment;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;

/**
 * A cron binding's schedule (a Quartz expression, seconds first, or a shorthand) as the five-field Unix cron of a
 * Knative PingSource, firing at the same times. Quartz parses and validates the expression first; then each field maps
 * to its Unix-cron equivalent: names become numbers, Quartz's day-of-week 1–7 (Sunday = 1) becomes 0–6 (Sunday = 0),
 * {@code ?} becomes {@code *}, {@code a/n} becomes {@code a-<max>/n}, and a range that wraps around ({@code 22-2}) two
 * ranges. What a PingSource cannot express — seconds other than 0, a year, {@code L}, {@code W}, {@code #},
 * {@code @every} — is refused with a {@link PingScheduleException} naming the binding and the field.
 */
final class PingSchedule {

    /** robfig/cron's descriptors, which a PingSource takes as they are. */
    static final Set<String> SHORTHANDS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");

    private static final Pattern ITEM = Pattern.compile("(\\*|\\?|(\\w+)(?:-(\\w+))?)(?:/(\\d+))?");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2), Map
            .entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map
                    .entry("AUG", 8),
            Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC",
                    12));
    /** Quartz's numbers: Sunday is 1. */
    private static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5, "FRI",
            6, "SAT", 7);

    /** A Unix-cron field: its name in messages, its range, and the names Quartz takes for its values. */
    private record Field(String name, int min, int max, Map<String, Integer> names, int shift) {
    }

    private static final List<Field> FIELDS = List.of(new Field("minutes", 0, 59, Map.of(), 0), new Field("hours", 0,
            23, Map.of(), 0), new Field("day-of-month", 1, 31, Map.of(), 0), new Field("month", 1, 12, MONTHS, 0),
            new Field("day-of-week", 1, 7, DAYS, -1));

    private PingSchedule() {
    }

    /**
     * @param binding the binding, named in errors
     * @param expression its {@code cron} option
     * @return the PingSource's schedule
     * @throws PingScheduleException when a PingSource cannot fire at the same times
     */
    static String of(String binding, String expression) {
        String cron = expression.trim();
        if (cron.startsWith("@")) {
            if (SHORTHANDS.contains(cron)) {
                return cron.equals("@midnight") ? "@daily" : cron;
            }
            throw new PingScheduleException(binding, expression, "schedule", cron, cron.startsWith("@every")
                    ? "'@every' ticks from the replica's start, and a PingSource's schedule is a clock time"
                    : "not a shorthand a PingSource takes (" + String.join(", ", SHORTHANDS) + ")");
        }
        try {
            CronExpression.validateExpression(cron);
        } catch (ParseException e) {
            throw new PingScheduleException(binding, expression, "expression", cron, "not a Quartz cron expression: "
                    + e.getMessage());
        }
        String[] fields = cron.split("\\s+");
        if (!fields[0].equals("0")) {
            throw new PingScheduleException(binding, expression, "seconds", fields[0],
                    "a PingSource fires on whole minutes (second 0)");
        }
        if (fields.length == 7 && !fields[6].equals("*")) {
            throw new PingScheduleException(binding, expression, "year", fields[6], "a PingSource has no year field");
        }
        List<String> unix = new ArrayList<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            unix.add(field(binding, expression, FIELDS.get(i), fields[i + 1]));
        }
        return String.join(" ", unix);
    }

    private static String field(String binding, String expression, Field field, String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            Matcher matcher = ITEM.matcher(item);
            if (!matcher.matches()) {
                throw new PingScheduleException(binding, expression, field.name(), value,
                        "'L', 'W' and '#' have no Unix-cron equivalent");
            }
            String step = matcher.group(4);
            if (matcher.group(2) == null) {
                // '*' or '?': both every value, and the Unix '*/n' starts at the same first value as Quartz's
                items.add(step == null ? "*" : "*/" + step);
                continue;
            }
            int from = number(binding, expression, field, value, matcher.group(2));
            int to = matcher.group(3) != null
                    ? number(binding, expression, field, value, matcher.group(3))
                    : step != null ? field.max() : from;
            if (from > to) {
                if (step != null) {
                    throw new PingScheduleException(binding, expression, field.name(), value,
                            "a range that wraps around with a step has no Unix-cron equivalent");
                }
                items.add(range(field, from, field.max()));
                items.add(range(field, field.min(), to));
                continue;
            }
            items.add(range(field, from, to) + (step == null ? "" : "/" + step));
        }
        return String.join(",", items);
    }

    private static String range(Field field, int from, int to) {
        int unixFrom = from + field.shift();
        int unixTo = to + field.shift();
        return unixFrom == unixTo ? Integer.toString(unixFrom) : unixFrom + "-" + unixTo;
    }

    private static int number(String binding, String expression, Field field, String value, String token) {
        Integer named = field.names().get(token.toUpperCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new PingScheduleException(binding, expression, field.name(), value,
                    "'L', 'W' and '#' have no Unix-cron equivalent");
        }
    }

    /** A schedule a PingSource cannot express: the build fails with the binding, the field and why. */
    static final class PingScheduleException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        PingScheduleException(String binding, String expression, String field, String value, String why) {
            super("bindery.bindings." + binding + ".cron=" + expression + ": the Knative PingSource for binding '"
                    + binding + "' cannot express the " + field + " field '" + value + "': " + why + ". Give the "
                    + "binding a schedule a PingSource can express (minutes hours day-of-month month day-of-week, "
                    + "second 0, no year), or turn the manifests off with bindery.knative.enabled=false");
        }
    }
}

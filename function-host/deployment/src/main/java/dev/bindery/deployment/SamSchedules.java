package dev.bindery.deployment;

import java.text.ParseException;
import java.time.Duration;
import java.util.Map;

import org.quartz.CronExpression;

import io.quarkus.runtime.configuration.DurationConverter;

/**
 * A cron binding's schedule as an EventBridge schedule expression. Quartz and EventBridge agree on the fields after
 * the seconds (minutes, hours, day-of-month, month, day-of-week with 1 = Sunday, year; {@code ?}, {@code L}, {@code W},
 * {@code #}), so a Quartz expression that fires on whole minutes converts field for field; {@code @every} becomes a
 * {@code rate(...)} of whole minutes. Anything else is refused, naming the binding.
 */
final class SamSchedules {

    /** Dapr's shorthands, as Quartz expressions (as the cron binding reads them). */
    private static final Map<String, String> SHORTHANDS = Map.of("@yearly", "0 0 0 1 1 ?", "@annually",
            "0 0 0 1 1 ?", "@monthly", "0 0 0 1 * ?", "@weekly", "0 0 0 ? * SUN", "@daily", "0 0 0 * * ?",
            "@midnight", "0 0 0 * * ?", "@hourly", "0 0 * * * ?");

    private SamSchedules() {
    }

    /**
     * @param binding the binding's name, for the error
     * @param cron the binding's {@code cron} option
     * @return {@code cron(...)} or {@code rate(...)}
     * @throws IllegalArgumentException when EventBridge cannot express the schedule
     */
    static String eventBridge(String binding, String cron) {
        String expression = cron.trim();
        if (expression.startsWith("@every")) {
            return rate(binding, expression.substring("@every".length()).trim());
        }
        String quartz = SHORTHANDS.getOrDefault(expression, expression);
        if (quartz.startsWith("@")) {
            throw invalid(binding, cron, "the shorthands are @every <duration>, @hourly, @daily, @midnight, @weekly, "
                    + "@monthly, @yearly");
        }
        try {
            CronExpression.validateExpression(quartz);
        } catch (ParseException e) {
            throw invalid(binding, cron, "not a Quartz cron expression: " + e.getMessage());
        }
        String[] fields = quartz.split("\\s+");
        if (!fields[0].equals("0")) {
            throw invalid(binding, cron, "EventBridge schedules fire on whole minutes: the seconds field must be 0");
        }
        String year = fields.length == 7 ? fields[6] : "*";
        return "cron(" + String.join(" ", fields[1], fields[2], fields[3], fields[4], fields[5], year) + ")";
    }

    private static String rate(String binding, String period) {
        Duration every;
        try {
            every = DurationConverter.parseDuration(period);
        } catch (IllegalArgumentException e) {
            throw invalid(binding, "@every " + period, "give @every a duration such as 5m, 1h or 1d");
        }
        if (every == null || every.toSeconds() < 60 || every.toSeconds() % 60 != 0) {
            throw invalid(binding, "@every " + period, "EventBridge rates are whole minutes, at least one");
        }
        long minutes = every.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return unit(minutes / (24 * 60), "day");
        }
        if (minutes % 60 == 0) {
            return unit(minutes / 60, "hour");
        }
        return unit(minutes, "minute");
    }

    private static String unit(long value, String unit) {
        return "rate(" + value + " " + unit + (value == 1 ? "" : "s") + ")";
    }

    private static IllegalArgumentException invalid(String binding, String cron, String why) {
        return new IllegalArgumentException("bindery.bindings." + binding + ".cron=" + cron
                + " cannot be an EventBridge schedule for the SAM template: " + why);
    }
}

package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.CronExpression;

/**
 * Schedules become PingSource crons that fire when Quartz fires, over a whole year; what a PingSource cannot express
 * fails the build naming the binding and the field.
 */
class PingScheduleTest {

    static final ZonedDateTime START = ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0 30 2 * * ?            | 30 2 * * *",
            "0 0/5 * * * ?           | 0-59/5 * * * *",
            "0 */15 9-17 ? * MON-FRI | */15 9-17 * * 1-5",
            "0 0 12 ? * 1            | 0 12 * * 0",
            "0 0 12 ? * 7            | 0 12 * * 6",
            "0 0 12 ? * SUN,WED      | 0 12 * * 0,3",
            "0 0 8 ? * 2/2           | 0 8 * * 1-6/2",
            "0 0 8 ? * */3           | 0 8 * * */3",
            "0 0 22-2 * * ?          | 0 22-23,0-2 * * *",
            "0 0 0 1,15 JAN-MAR ?    | 0 0 1,15 1-3 *",
            "0 10 4 ? DEC FRI-MON    | 10 4 * 12 5-6,0-1",
            "0 0 6 1/10 * ?          | 0 6 1-31/10 * *",
            "0 0 0 * * ? *           | 0 0 * * *",
            "0 59 23 31 * ?          | 59 23 31 * *"})
    void aQuartzExpressionBecomesAUnixCronFiringAtTheSameTimesOverAYear(String quartz, String unix) throws Exception {
        String schedule = PingSchedule.of("b", quartz);

        assertThat(schedule).isEqualTo(unix);
        assertThat(fireTimes(new UnixCron(schedule))).isEqualTo(quartzFireTimes(quartz)).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*/10 * * * * ?       | seconds field '*/10'",
            "30 0 12 * * ?        | seconds field '30'",
            "0 0 12 * * ? 2027    | year field '2027'",
            "0 0 12 L * ?         | day-of-month field 'L'",
            "0 0 12 15W * ?       | day-of-month field '15W'",
            "0 0 12 ? * 6L        | day-of-week field '6L'",
            "0 0 12 ? * FRI#3     | day-of-week field 'FRI#3'",
            "0 0 22-2/2 * * ?     | hours field '22-2/2'",
            "@every 5m            | schedule field '@every 5m'",
            "@fortnightly         | schedule field '@fortnightly'",
            "0 0 25 * * ?         | expression field"})
    void whatAPingSourceCannotExpressFailsTheBuildNamingTheBindingAndTheField(String quartz, String field) {
        assertThatThrownBy(() -> PingSchedule.of("nightly", quartz)).isInstanceOf(
                PingSchedule.PingScheduleException.class).hasMessageContaining("bindery.bindings.nightly.cron=")
                .hasMessageContaining("binding 'nightly'").hasMessageContaining(field);
    }

    @ParameterizedTest
    @CsvSource({"@daily,@daily", "@midnight,@daily", "@hourly,@hourly", "@weekly,@weekly", "@yearly,@yearly"})
    void shorthandsPassAsPingSourcesTakeThem(String shorthand, String schedule) {
        assertThat(PingSchedule.of("b", shorthand)).isEqualTo(schedule);
    }

    static List<Instant> quartzFireTimes(String quartz) throws Exception {
        CronExpression expression = new CronExpression(quartz);
        expression.setTimeZone(TimeZone.getTimeZone("UTC"));
        Instant end = START.plusYears(1).toInstant();
        List<Instant> times = new ArrayList<>();
        Date next = expression.getNextValidTimeAfter(Date.from(START.toInstant().minusSeconds(1)));
        while (next != null && next.toInstant().isBefore(end)) {
            times.add(next.toInstant());
            next = expression.getNextValidTimeAfter(next);
        }
        return times;
    }

    static List<Instant> fireTimes(UnixCron cron) {
        List<Instant> times = new ArrayList<>();
        for (ZonedDateTime t = START; t.isBefore(START.plusYears(1)); t = t.plus(1, ChronoUnit.MINUTES)) {
            if (cron.matches(t)) {
                times.add(t.toInstant());
            }
        }
        return times;
    }

    /**
     * The test's oracle: Unix cron as robfig/cron (Knative's PingSource) reads the five numeric fields — lists, ranges,
     * steps; day-of-month and day-of-week both restricted means either, one of them {@code *} means the other.
     */
    record UnixCron(BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays, boolean anyDay,
            boolean anyWeekday) {

        UnixCron(String cron) {
            this(cron.split(" "));
        }

        private UnixCron(String[] f) {
            this(set(f[0], 0, 59), set(f[1], 0, 23), set(f[2], 1, 31), set(f[3], 1, 12), set(f[4], 0, 6), f[2]
                    .startsWith("*"), f[4].startsWith("*"));
        }

        static BitSet set(String field, int min, int max) {
            BitSet set = new BitSet();
            for (String item : field.split(",")) {
                String[] stepped = item.split("/");
                int step = stepped.length > 1 ? Integer.parseInt(stepped[1]) : 1;
                int from;
                int to;
                if (stepped[0].equals("*")) {
                    from = min;
                    to = max;
                } else if (stepped[0].contains("-")) {
                    from = Integer.parseInt(stepped[0].split("-")[0]);
                    to = Integer.parseInt(stepped[0].split("-")[1]);
                } else {
                    from = Integer.parseInt(stepped[0]);
                    to = stepped.length > 1 ? max : from;
                }
                assertThat(from).as(field).isBetween(min, max);
                assertThat(to).as(field).isBetween(from, max);
                for (int v = from; v <= to; v += step) {
                    set.set(v);
                }
            }
            return set;
        }

        boolean matches(ZonedDateTime t) {
            boolean day = days.get(t.getDayOfMonth());
            boolean weekday = weekdays.get(t.getDayOfWeek().getValue() % 7);
            boolean dayMatches = anyDay || anyWeekday ? day && weekday : day || weekday;
            return minutes.get(t.getMinute()) && hours.get(t.getHour()) && months.get(t.getMonthValue())
                    && dayMatches;
        }
    }
}

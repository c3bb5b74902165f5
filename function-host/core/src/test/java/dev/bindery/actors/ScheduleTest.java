package dev.bindery.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bindery.actors.Schedule.Plan;

/**
 * Reading Dapr's {@code dueTime}, {@code period} and {@code ttl} texts, building schedules with the factories, and
 * telling the texts back. The tables live in {@code src/test/resources/actors/schedules/}.
 */
class ScheduleTest {

    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @ParameterizedTest(name = "dueTime {0} first fires at {1}")
    @CsvFileSource(resources = "/actors/schedules/due-times.csv", delimiter = '|', ignoreLeadingAndTrailingWhitespace = false)
    void aDueTimeIsAnRfc3339TimeAGoDurationOrAnIso8601Duration(String dueTime, Instant firstDue) {
        Schedule schedule = Schedule.parse(dueTime, null, null);

        assertThat(schedule.resolve(T0)).isEqualTo(new Plan(firstDue, null, 1, null));
        assertThat(schedule.dueTimeText()).isEqualTo(dueTime);
    }

    @ParameterizedTest(name = "dueTime \"{0}\" fires at once")
    @CsvSource(value = {"<null>", "''"}, nullValues = "<null>")
    void noDueTimeFiresAtOnce(String dueTime) {
        Schedule schedule = Schedule.parse(dueTime, null, null);

        assertThat(schedule.resolve(T0)).isEqualTo(new Plan(T0, null, 1, null));
        assertThat(schedule.dueTimeText()).isNull();
    }

    @ParameterizedTest(name = "period {0} repeats every {1}, {2} fires")
    @CsvFileSource(resources = "/actors/schedules/periods.csv", delimiter = '|')
    void aPeriodIsAGoOrIso8601DurationWithOptionalRepetitions(String period, Duration every, int fires) {
        Schedule schedule = Schedule.parse(null, period, null);

        assertThat(schedule.resolve(T0)).isEqualTo(new Plan(T0, every, fires, null));
        assertThat(schedule.periodText()).isEqualTo(period);
    }

    @Test
    void noPeriodFiresOnce() {
        assertThat(Schedule.parse("1s", null, null).resolve(T0).next(T0.plusSeconds(1), 1)).isEmpty();
        assertThat(Schedule.parse("1s", "", null).resolve(T0)).isEqualTo(new Plan(T0.plusSeconds(1), null, 1, null));
    }

    @ParameterizedTest(name = "dueTime {0} with ttl {1} ends at {2}")
    @CsvFileSource(resources = "/actors/schedules/ttls.csv", delimiter = '|')
    void aTtlIsAnRfc3339TimeOrADurationCountedFromTheFirstFire(String dueTime, String ttl, Instant expiresAt) {
        Schedule schedule = Schedule.parse(dueTime, "1s", ttl);

        assertThat(schedule.resolve(T0).expiresAt()).isEqualTo(expiresAt);
        assertThat(schedule.ttlText()).isEqualTo(ttl);
    }

    @ParameterizedTest(name = "[{index}] {0} | {1} | {2} is refused in {3}")
    @CsvFileSource(resources = "/actors/schedules/rejected.csv", delimiter = '|', ignoreLeadingAndTrailingWhitespace = false)
    void aBadTextIsRefusedNamingItsFieldItsValueAndTheAcceptedForms(String dueTime, String period, String ttl,
            String field, String problem) {
        String value = switch (field) {
            case InvalidScheduleException.DUE_TIME -> dueTime;
            case InvalidScheduleException.PERIOD -> period;
            default -> ttl;
        };

        assertThatThrownBy(() -> Schedule.parse(dueTime, period, ttl))
                .isInstanceOfSatisfying(InvalidScheduleException.class, refused -> {
                    assertThat(refused.field()).isEqualTo(field);
                    assertThat(refused.getMessage()).startsWith(field + " \"" + value + "\" ").contains(problem)
                            .contains("Use ").contains("ISO 8601 duration (PT2H30M");
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTtlAlreadyPastAtRegistrationIsRefused() {
        assertThatThrownBy(() -> Schedule.parse(null, "1s", "2023-12-31T00:00:00Z").resolve(T0))
                .isInstanceOfSatisfying(InvalidScheduleException.class,
                        refused -> assertThat(refused.field()).isEqualTo("ttl"))
                .hasMessageContaining("has already expired").hasMessageContaining("registration at " + T0);
        assertThatThrownBy(() -> Schedule.at(T0.plusSeconds(60)).until(T0.plusSeconds(30)).resolve(T0))
                .isInstanceOfSatisfying(InvalidScheduleException.class,
                        refused -> assertThat(refused.field()).isEqualTo("ttl"))
                .hasMessageContaining("before the first due time " + T0.plusSeconds(60));
        assertThatThrownBy(() -> Schedule.at(T0.minusSeconds(60)).ttl(Duration.ofSeconds(30)).resolve(T0))
                .isInstanceOfSatisfying(InvalidScheduleException.class,
                        refused -> assertThat(refused.field()).isEqualTo("ttl"));
    }

    @Test
    void aDueTimeAlreadyPastFiresAtOnceFromThatTime() {
        Plan plan = Schedule.parse("2023-12-31T23:59:58Z", "1s", null).resolve(T0);

        assertThat(plan.firstDue()).isEqualTo(Instant.parse("2023-12-31T23:59:58Z"));
        assertThat(plan.firstAfter(plan.firstDue(), T0)).contains(T0.plusSeconds(1));
    }

    @Test
    void theFactoriesBuildWhatTheTextsSay() {
        Schedule built = Schedule.in(Duration.ofSeconds(1)).every(Duration.ofSeconds(5)).times(3)
                .ttl(Duration.ofMinutes(1));

        assertThat(built.resolve(T0)).isEqualTo(Schedule.parse("1s", "R3/PT5S", "1m").resolve(T0))
                .isEqualTo(new Plan(T0.plusSeconds(1), Duration.ofSeconds(5), 3, T0.plusSeconds(61)));
        assertThat(Schedule.at(T0).until(T0.plusSeconds(9)).resolve(T0.minusSeconds(5)))
                .isEqualTo(new Plan(T0, null, 1, T0.plusSeconds(9)));
    }

    @Test
    void aFactoryBuiltScheduleTellsItsPartsInIso8601AndReadsBackEqual() {
        Schedule built = Schedule.in(Duration.ofMillis(1500)).every(Duration.ofHours(26)).times(5)
                .until(Instant.parse("2024-02-01T00:00:00.25Z"));

        assertThat(built.dueTimeText()).isEqualTo("PT1.5S");
        assertThat(built.periodText()).isEqualTo("R5/PT26H");
        assertThat(built.ttlText()).isEqualTo("2024-02-01T00:00:00.250Z");
        assertThat(Schedule.parse(built.dueTimeText(), built.periodText(), built.ttlText())).isEqualTo(built)
                .hasSameHashCodeAs(built);

        Schedule unbounded = Schedule.at(T0).every(Duration.ofMinutes(1)).ttl(Duration.ofDays(1));
        assertThat(unbounded.dueTimeText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(unbounded.periodText()).isEqualTo("PT1M");
        assertThat(unbounded.ttlText()).isEqualTo("PT24H");
        assertThat(Schedule.parse(unbounded.dueTimeText(), unbounded.periodText(), unbounded.ttlText()))
                .isEqualTo(unbounded);
        assertThat(Schedule.in(Duration.ZERO).periodText()).isNull();
        assertThat(Schedule.in(Duration.ZERO).ttlText()).isNull();
    }

    @Test
    void aParsedScheduleTellsItsTextsBackAsGiven() {
        Schedule parsed = Schedule.parse("0h0m9s0ms", "0h0m3s0ms", "1.5h");

        assertThat(parsed.dueTimeText()).isEqualTo("0h0m9s0ms");
        assertThat(parsed.periodText()).isEqualTo("0h0m3s0ms");
        assertThat(parsed.ttlText()).isEqualTo("1.5h");
        assertThat(parsed.times(4).periodText()).isEqualTo("R4/PT3S");
        assertThat(parsed.every(Duration.ofSeconds(7)).periodText()).isEqualTo("PT7S");
        assertThat(parsed.ttl(Duration.ofSeconds(2)).ttlText()).isEqualTo("PT2S");
        assertThat(parsed.ttl(Duration.ofSeconds(2)).dueTimeText()).isEqualTo("0h0m9s0ms");
    }

    @Test
    void aSchedulesEqualityIncludesItsTexts() {
        assertThat(Schedule.parse("1s", "5s", null)).isEqualTo(Schedule.parse("1s", "5s", ""))
                .isNotEqualTo(Schedule.parse("PT1S", "5s", null));
        assertThat(Schedule.parse("1s", "5s", null).resolve(T0)).isEqualTo(Schedule.parse("PT1S", "5s", null)
                .resolve(T0));
    }

    @Test
    void theLatestEndWins() {
        Schedule schedule = Schedule.in(Duration.ZERO).every(Duration.ofSeconds(1)).ttl(Duration.ofSeconds(5))
                .until(T0.plusSeconds(2));

        assertThat(schedule.resolve(T0).expiresAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(schedule.ttl(Duration.ofSeconds(5)).resolve(T0).expiresAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void toStringReadsAsASentence() {
        assertThat(Schedule.parse("1s", "R5/PT5S", "1m")).hasToString(
                "Schedule[due in PT1S, every PT5S, 5 fires, until PT1M after the first]");
        assertThat(Schedule.at(T0).until(T0.plusSeconds(1))).hasToString(
                "Schedule[due at 2024-01-01T00:00:00Z, once, until 2024-01-01T00:00:01Z]");
        assertThat(Schedule.parse(null, "5s", null)).hasToString("Schedule[due at once, every PT5S]");
    }

    @Test
    void aNegativeDelayIsRefusedInDueTime() {
        assertRefused(() -> Schedule.in(Duration.ofSeconds(-1)), "dueTime", "dueTime must not be negative, was PT-1S");
        assertRefused(() -> Schedule.in(null), "dueTime", "dueTime must not be null");
        assertRefused(() -> Schedule.in(Duration.ofDays(106_752)), "dueTime", "dueTime must be at most");
    }

    @Test
    void aTimeOutsideRfc3339IsRefused() {
        assertRefused(() -> Schedule.at(Instant.parse("+10000-01-01T00:00:00Z")), "dueTime", "years 0000 to 9999");
        assertRefused(() -> Schedule.at(null), "dueTime", "was null");
        assertRefused(() -> Schedule.in(Duration.ZERO).until(Instant.MIN), "ttl", "years 0000 to 9999");
    }

    @Test
    void aZeroOrNegativePeriodIsRefusedInPeriod() {
        Schedule schedule = Schedule.in(Duration.ZERO);

        assertRefused(() -> schedule.every(Duration.ZERO), "period", "period must be positive, was PT0S");
        assertRefused(() -> schedule.every(Duration.ofMillis(-1)), "period", "period must not be negative");
        assertRefused(() -> schedule.every(null), "period", "period must not be null");
    }

    @Test
    void fewerThanOneFireIsRefusedInPeriod() {
        Schedule schedule = Schedule.in(Duration.ZERO).every(Duration.ofSeconds(1));

        assertRefused(() -> schedule.times(0), "period", "at least 1, was 0");
        assertRefused(() -> schedule.times(-1), "period", "at least 1, was -1");
        assertRefused(() -> Schedule.in(Duration.ZERO).times(3), "period", "call every(period) before times(3)");
        assertThat(Schedule.in(Duration.ZERO).times(1).resolve(T0)).isEqualTo(new Plan(T0, null, 1, null));
    }

    @Test
    void aNegativeTtlIsRefusedInTtl() {
        assertRefused(() -> Schedule.in(Duration.ZERO).ttl(Duration.ofSeconds(-1)), "ttl", "ttl must not be negative");
        assertRefused(() -> Schedule.in(Duration.ZERO).ttl(null), "ttl", "ttl must not be null");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidScheduleException.class,
                refused -> assertThat(refused.field()).isEqualTo(field)).hasMessageContaining(message);
    }
}

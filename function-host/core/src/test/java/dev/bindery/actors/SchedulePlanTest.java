package dev.bindery.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bindery.actors.Schedule.Plan;

/** The plan a scheduler runs: its due times, their ends, catching up after missed fires, and its persisted text. */
class SchedulePlanTest {

    private static final Instant T0 = ScheduleTest.T0;

    /** @return every due time of the plan, following {@link Plan#next} from the first (at most 100) */
    private static List<Instant> dues(Plan plan) {
        return dues(plan, 100);
    }

    /** @return the first due times of the plan, following {@link Plan#next} from the first, at most that many */
    static List<Instant> dues(Plan plan, int most) {
        List<Instant> dues = new ArrayList<>();
        Optional<Instant> due = Optional.of(plan.firstDue());
        while (due.isPresent() && dues.size() < most) {
            dues.add(due.get());
            due = plan.next(due.get(), dues.size());
        }
        return dues;
    }

    private static List<Instant> seconds(long... offsets) {
        List<Instant> instants = new ArrayList<>();
        for (long offset : offsets) {
            instants.add(T0.plusSeconds(offset));
        }
        return instants;
    }

    @Test
    void repetitionsCountEveryFireTheFirstIncluded() {
        assertThat(dues(Schedule.parse(null, "R5/PT1S", null).resolve(T0))).isEqualTo(seconds(0, 1, 2, 3, 4));
        assertThat(dues(Schedule.parse("10s", "R1/PT1S", null).resolve(T0))).isEqualTo(seconds(10));
    }

    @Test
    void aTtlEndsTheFiresDueAfterIt() {
        assertThat(dues(Schedule.parse(null, "1s", "3.5s").resolve(T0))).isEqualTo(seconds(0, 1, 2, 3));
    }

    @Test
    void aFireDueExactlyAtTheEndStillComes() {
        assertThat(dues(Schedule.parse(null, "1s", "3s").resolve(T0))).isEqualTo(seconds(0, 1, 2, 3));
        assertThat(dues(Schedule.parse(null, "1s", "0").resolve(T0))).isEqualTo(seconds(0));
    }

    @Test
    void repetitionsAndATtlStopAtWhicheverComesFirst() {
        assertThat(dues(Schedule.parse(null, "R10/PT3S", "20s").resolve(T0))).isEqualTo(seconds(0, 3, 6, 9, 12, 15,
                18));
        assertThat(dues(Schedule.parse(null, "R3/PT3S", "1h").resolve(T0))).isEqualTo(seconds(0, 3, 6));
    }

    @Test
    void withoutAPeriodItFiresOnce() {
        Plan once = Schedule.parse("5s", null, null).resolve(T0);

        assertThat(dues(once)).isEqualTo(seconds(5));
        assertThat(once.firstAfter(once.firstDue(), T0)).contains(T0.plusSeconds(5));
        assertThat(once.firstAfter(once.firstDue(), T0.plusSeconds(5))).isEmpty();
        assertThat(once.missedBetween(once.firstDue(), T0.plusSeconds(4))).isZero();
        assertThat(once.missedBetween(once.firstDue(), T0.plusSeconds(5))).isOne();
    }

    @Test
    void anUnboundedPlanRepeatsForever() {
        Plan plan = Schedule.parse("1s", "1h", null).resolve(T0);

        assertThat(plan.next(T0.plusSeconds(1), Integer.MAX_VALUE)).contains(T0.plusSeconds(3601));
        assertThat(plan.firstAfter(plan.firstDue(), Instant.parse("9000-01-01T00:00:00Z")))
                .contains(Instant.parse("9000-01-01T00:00:01Z"));
    }

    @Test
    void firstAfterSkipsABillionMissedPeriodsInOneStep() {
        Plan plan = Schedule.parse(null, "1s", null).resolve(T0);
        Instant now = T0.plusSeconds(1_000_000_000L).plusMillis(500);

        assertThat(plan.firstAfter(T0, now)).contains(T0.plusSeconds(1_000_000_001L));
        assertThat(plan.missedBetween(T0, now)).isEqualTo(1_000_000_001L);
    }

    @Test
    void moreMissedDueTimesThanALongHoldsAreCountedAsLongMaxValue() {
        Instant first = Instant.parse("0000-01-01T00:00:00Z");
        Plan plan = Schedule.at(first).every(Duration.ofNanos(1)).resolve(first);
        Instant now = Instant.parse("9999-01-01T00:00:00Z");

        assertThat(plan.firstAfter(first, now)).contains(now.plusNanos(1));
        assertThat(plan.missedBetween(first, now)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void firstAfterIsStrictlyAfterNow() {
        Plan plan = Schedule.parse(null, "1s", null).resolve(T0);

        assertThat(plan.firstAfter(T0, T0)).contains(T0.plusSeconds(1));
        assertThat(plan.firstAfter(T0, T0.plusMillis(2500))).contains(T0.plusSeconds(3));
        assertThat(plan.firstAfter(T0.plusSeconds(5), T0)).contains(T0.plusSeconds(5));
        assertThat(plan.missedBetween(T0, T0)).isOne();
        assertThat(plan.missedBetween(T0, T0.plusMillis(2500))).isEqualTo(3);
        assertThat(plan.missedBetween(T0.plusSeconds(5), T0)).isZero();
    }

    @Test
    void firstAfterStopsAtTheLastRepetitionAndAtTheEnd() {
        Plan counted = Schedule.parse(null, "R5/PT1S", null).resolve(T0);
        assertThat(counted.firstAfter(T0, T0.plusMillis(3500))).contains(T0.plusSeconds(4));
        assertThat(counted.firstAfter(T0, T0.plusSeconds(4))).isEmpty();
        assertThat(counted.firstAfter(T0.plusSeconds(2), T0.plusSeconds(10))).isEmpty();
        assertThat(counted.missedBetween(T0, T0.plusSeconds(10))).isEqualTo(5);
        assertThat(counted.missedBetween(T0.plusSeconds(2), T0.plusSeconds(10))).isEqualTo(3);

        Plan ending = Schedule.parse(null, "1s", "3.5s").resolve(T0);
        assertThat(ending.firstAfter(T0, T0.plusMillis(2500))).contains(T0.plusSeconds(3));
        assertThat(ending.firstAfter(T0, T0.plusSeconds(3))).isEmpty();
        assertThat(ending.missedBetween(T0, T0.plusSeconds(60))).isEqualTo(4);
    }

    @Test
    void aPlanEncodesAsItsFourPartsSeparatedByBars() {
        assertThat(Schedule.parse(null, "R5/PT1S", null).resolve(T0).encode())
                .isEqualTo("2024-01-01T00:00:00Z|1000000000|5|");
        assertThat(Schedule.parse("500ms", null, "P1D").resolve(T0).encode())
                .isEqualTo("2024-01-01T00:00:00.500Z||1|2024-01-02T00:00:00.500Z");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2024-01-01T00:00:00Z||1|", "2024-01-01T00:00:00Z|1000000000|5|",
            "2024-01-01T00:00:00.000000001Z|1|-1|2024-01-01T00:00:01Z",
            "0000-01-01T00:00:00Z|9223372036854775807|2147483647|9999-12-31T23:59:59.999999999Z",
            "+10000-01-01T00:00:00Z|3600000000000|-1|+10000-01-01T00:00:00Z"})
    void anEncodedPlanDecodesToTheSamePlan(String encoded) {
        Plan plan = Plan.decode(encoded);

        assertThat(plan.encode()).isEqualTo(encoded);
        assertThat(Plan.decode(plan.encode())).isEqualTo(plan);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z||1", "2024-01-01T00:00:00Z||1||",
            "yesterday||1|", "2024-01-01T00:00:00Z|x|1|", "2024-01-01T00:00:00Z|0|1|",
            "2024-01-01T00:00:00Z|-1|1|", "2024-01-01T00:00:00Z||5|", "2024-01-01T00:00:00Z|1|0|",
            "2024-01-01T00:00:00Z|1|1|2023-01-01T00:00:00Z", "|1|1|"})
    void somethingElseIsNotAnEncodedPlan(String encoded) {
        assertThatThrownBy(() -> Plan.decode(encoded)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPlanAtTheEndOfTimeHasNoNextDue() {
        Plan plan = new Plan(Instant.MAX.minusSeconds(1), Duration.ofSeconds(2), Schedule.UNBOUNDED, null);

        assertThat(plan.next(plan.firstDue(), 1)).isEmpty();
        assertThat(plan.firstAfter(plan.firstDue(), Instant.MAX)).isEmpty();
        assertThat(plan.missedBetween(plan.firstDue(), Instant.MAX)).isOne();
    }
}

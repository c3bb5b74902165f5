package dev.bindery.actors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.bindery.actors.Schedule.Plan;

/**
 * Fuzzes {@link Schedule#parse}: an input is read as UTF-8, its first three lines being {@code dueTime}, {@code period}
 * and {@code ttl} (a missing line is null). Whatever they hold, parsing gives a schedule or an
 * {@link InvalidScheduleException} naming one of the three fields; an accepted schedule tells its texts back as given and
 * reads back equal, resolves (or is refused as expired, in {@code ttl}), encodes and decodes to the same plan, and its
 * {@link Plan#firstAfter} and {@link Plan#missedBetween} agree with walking {@link Plan#next}. Seeds and crashers live in
 * {@code src/test/resources/dev/bindery/actors/ScheduleFuzzTestInputs/}.
 */
class ScheduleFuzzTest {

    private static final Instant REGISTERED = ScheduleTest.T0;
    private static final int WALK = 50;

    @FuzzTest(maxDuration = "60s")
    void anyTextIsAScheduleThatRunsOrARefusalNamingItsField(byte[] input) {
        String[] lines = new String(input, UTF_8).split("\n", 3);
        String dueTime = lines[0];
        String period = lines.length > 1 ? lines[1] : null;
        String ttl = lines.length > 2 ? lines[2] : null;

        Schedule schedule;
        try {
            schedule = Schedule.parse(dueTime, period, ttl);
        } catch (InvalidScheduleException refused) {
            assertThat(refused.field()).isIn("dueTime", "period", "ttl");
            assertThat(refused.getMessage()).startsWith(refused.field() + " \"").contains(". Use ");
            return;
        }
        assertThat(schedule.dueTimeText()).isEqualTo(dueTime.isEmpty() ? null : dueTime);
        assertThat(schedule.periodText()).isEqualTo(period == null || period.isEmpty() ? null : period);
        assertThat(schedule.ttlText()).isEqualTo(ttl == null || ttl.isEmpty() ? null : ttl);
        assertThat(Schedule.parse(schedule.dueTimeText(), schedule.periodText(), schedule.ttlText()))
                .isEqualTo(schedule);
        assertThat(schedule.toString()).startsWith("Schedule[");

        Plan plan;
        try {
            plan = schedule.resolve(REGISTERED);
        } catch (InvalidScheduleException expired) {
            assertThat(expired.field()).isEqualTo("ttl");
            assertThat(expired.getMessage()).contains("has already expired");
            return;
        }
        assertThat(Plan.decode(plan.encode())).isEqualTo(plan);
        assertAgreesWithItsWalk(plan);
    }

    /** Walks the first due times with next(), and asks firstAfter and missedBetween about each of them. */
    private static void assertAgreesWithItsWalk(Plan plan) {
        List<Instant> dues = SchedulePlanTest.dues(plan, WALK);
        assertThat(dues).isSorted().doesNotHaveDuplicates();
        boolean complete = plan.next(dues.get(dues.size() - 1), dues.size()).isEmpty();
        Instant first = plan.firstDue();
        assertThat(plan.firstAfter(first, first.minusNanos(1))).contains(first);
        assertThat(plan.missedBetween(first, first.minusNanos(1))).isZero();
        for (int k = 0; k < dues.size(); k++) {
            Optional<Instant> after = plan.firstAfter(first, dues.get(k));
            if (k + 1 < dues.size()) {
                assertThat(after).contains(dues.get(k + 1));
            } else if (complete) {
                assertThat(after).isEmpty();
            }
            assertThat(plan.missedBetween(first, dues.get(k))).isEqualTo(k + 1L);
        }
    }
}

package dev.bindery.actors;

import static dev.bindery.actors.InvalidScheduleException.DUE_TIME;
import static dev.bindery.actors.InvalidScheduleException.PERIOD;
import static dev.bindery.actors.InvalidScheduleException.TTL;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * When an actor timer or reminder fires: first after a delay ({@link #in}) or at a point in time ({@link #at}), then
 * every {@link #every period}, at most a number of {@link #times} in total, and never after an end ({@link #ttl} after
 * the first due time, or {@link #until} a point in time). Without a period it fires once; without an end, until it is
 * unregistered. With both a number of fires and an end, it stops at whichever comes first, as in Dapr.
 * <p>
 * Build one with the factories and withers, or read Dapr's texts with {@link #parse}; each checks its input at once and
 * throws {@link InvalidScheduleException} naming the field. Durations are whole nanoseconds up to Go's 2^63-1 ns (about
 * 292 years), and points in time lie in RFC 3339's years 0000 to 9999, so that every schedule can be told back to a Dapr
 * client ({@link #dueTimeText()}, {@link #periodText()}, {@link #ttlText()}). A schedule is a relative description;
 * {@link #resolve} anchors it at the time of registration and gives the {@link Plan} a scheduler runs.
 * <p>
 * Immutable and thread-safe. Two schedules are equal when they fire alike and carry the same texts.
 */
public final class Schedule {

    /** {@link Plan#fires()} of a schedule that repeats until its end or until it is unregistered. */
    public static final int UNBOUNDED = -1;

    /** Null when due at a point in time. */
    private final Duration dueIn;
    /** Null when due after a delay. */
    private final Instant dueAt;
    /** Null to fire once. */
    private final Duration period;
    /** {@link #UNBOUNDED} unless {@link #times} was called; a plan without a period fires once. */
    private final int fires;
    /** At most one of ttl and until is non-null. */
    private final Duration ttl;
    private final Instant until;
    /** Null when the part was not given. */
    private final String dueTimeText;
    private final String periodText;
    private final String ttlText;

    private Schedule(Duration dueIn, Instant dueAt, Duration period, int fires, Duration ttl, Instant until,
            String dueTimeText, String periodText, String ttlText) {
        this.dueIn = dueIn;
        this.dueAt = dueAt;
        this.period = period;
        this.fires = fires;
        this.ttl = ttl;
        this.until = until;
        this.dueTimeText = dueTimeText;
        this.periodText = periodText;
        this.ttlText = ttlText;
    }

    /**
     * @param dueIn how long after registration it first fires; zero for at once
     * @return a schedule that fires once, that long after registration, without an end
     * @throws InvalidScheduleException ({@code dueTime}) when null, negative or longer than 2^63-1 ns
     */
    public static Schedule in(Duration dueIn) {
        checkDuration(DUE_TIME, dueIn, "use Schedule.in(Duration.ZERO) to fire at once");
        return new Schedule(dueIn, null, null, UNBOUNDED, null, null, dueIn.toString(), null, null);
    }

    /**
     * @param dueAt when it first fires; a time already past fires at once
     * @return a schedule that fires once, then, without an end
     * @throws InvalidScheduleException ({@code dueTime}) when null or outside the years 0000 to 9999
     */
    public static Schedule at(Instant dueAt) {
        checkInstant(DUE_TIME, dueAt);
        return new Schedule(null, dueAt, null, UNBOUNDED, null, null, dueAt.toString(), null, null);
    }

    /**
     * Reads Dapr's texts of a timer or reminder (the fields of its registration body), and keeps them to tell back.
     * <ul>
     * <li>{@code dueTime}: an RFC 3339 time ({@code 2020-10-02T15:00:00Z}), a Go duration ({@code 2h30m},
     * {@code 0h0m3s0ms}, {@code 1.5h}, {@code 500ms}; units {@code ns us µs ms s m h}) or an ISO 8601 duration
     * ({@code PT2H30M}, {@code P1DT2H}); null, empty or {@code 0} fires at once.</li>
     * <li>{@code period}: a Go or ISO 8601 duration, the latter optionally with the total number of fires
     * ({@code R5/PT1S} fires five times); null or empty fires once, and so does a zero period, as in Dapr.</li>
     * <li>{@code ttl}: an RFC 3339 time, or a Go or ISO 8601 duration counted from the first due time, as in Dapr; null or
     * empty for no end.</li>
     * </ul>
     * ISO 8601 weeks and days are 7 × 24 h and 24 h; months and years are refused, as they have no fixed length.
     * Negative durations are refused.
     *
     * @param dueTime when it first fires; may be null
     * @param period how often it repeats; may be null
     * @param ttl when it ends; may be null
     * @return the schedule, whose texts are these (null for an empty one)
     * @throws InvalidScheduleException naming the first field at fault, its value and the forms it accepts
     */
    public static Schedule parse(String dueTime, String period, String ttl) {
        Schedule schedule = in(Duration.ZERO);
        if (dueTime != null && !dueTime.isEmpty()) {
            ScheduleText.When due = ScheduleText.when(DUE_TIME, dueTime);
            schedule = due.at() != null ? at(due.at()) : in(due.delay());
        }
        if (period != null && !period.isEmpty()) {
            ScheduleText.Every every = ScheduleText.every(period);
            if (every.period() != null) {
                schedule = schedule.every(every.period());
            }
            schedule = every.fires() == UNBOUNDED ? schedule : schedule.times(every.fires());
        }
        if (ttl != null && !ttl.isEmpty()) {
            ScheduleText.When end = ScheduleText.when(TTL, ttl);
            schedule = end.at() != null ? schedule.until(end.at()) : schedule.ttl(end.delay());
        }
        return new Schedule(schedule.dueIn, schedule.dueAt, schedule.period, schedule.fires, schedule.ttl,
                schedule.until, blankToNull(dueTime), blankToNull(period), blankToNull(ttl));
    }

    /**
     * @param period the time between two fires, counted from one due time to the next (not from the end of a fire)
     * @return this schedule repeating every period, keeping its number of fires
     * @throws InvalidScheduleException ({@code period}) when null, zero, negative or longer than 2^63-1 ns
     */
    public Schedule every(Duration period) {
        checkDuration(PERIOD, period, "omit the period to fire once");
        if (period.isZero()) {
            throw new InvalidScheduleException(PERIOD, "period must be positive, was PT0S; omit it to fire once");
        }
        return new Schedule(dueIn, dueAt, period, fires, ttl, until, dueTimeText, periodText(period, fires), ttlText);
    }

    /**
     * @param fires the total number of fires, the first included
     * @return this schedule firing at most that many times
     * @throws InvalidScheduleException ({@code period}) when below 1, or above 1 without a period (call {@link #every}
     *         first)
     */
    public Schedule times(int fires) {
        if (fires < 1) {
            throw new InvalidScheduleException(PERIOD, "period repetitions (times) must be at least 1, was " + fires);
        }
        if (period == null && fires > 1) {
            throw new InvalidScheduleException(PERIOD, "period is missing: " + fires + " fires need one; call "
                    + "every(period) before times(" + fires + ")");
        }
        return new Schedule(dueIn, dueAt, period, fires, ttl, until, dueTimeText, periodText(period, fires), ttlText);
    }

    /**
     * @param ttl how long after the first due time fires may come; a fire due exactly then still comes
     * @return this schedule ending then (replacing an {@link #until})
     * @throws InvalidScheduleException ({@code ttl}) when null, negative or longer than 2^63-1 ns
     */
    public Schedule ttl(Duration ttl) {
        checkDuration(TTL, ttl, "omit the ttl for no end");
        return new Schedule(dueIn, dueAt, period, fires, ttl, null, dueTimeText, periodText, ttl.toString());
    }

    /**
     * @param end the last time a fire may be due; a fire due exactly then still comes
     * @return this schedule ending then (replacing a {@link #ttl})
     * @throws InvalidScheduleException ({@code ttl}) when null or outside the years 0000 to 9999
     */
    public Schedule until(Instant end) {
        checkInstant(TTL, end);
        return new Schedule(dueIn, dueAt, period, fires, null, end, dueTimeText, periodText, end.toString());
    }

    /**
     * Anchors this schedule at the time of its registration. The first fire is due at the {@link #at} time, or that
     * long after registration; a {@link #ttl} counts from the first due time.
     *
     * @param registeredAt when the timer or reminder is registered, not null
     * @return the plan to run
     * @throws InvalidScheduleException ({@code ttl}) when the end is already past at registration or comes before the
     *         first due time (as Dapr's "has already expired")
     */
    public Plan resolve(Instant registeredAt) {
        Objects.requireNonNull(registeredAt, "registeredAt");
        Instant firstDue = dueAt != null ? dueAt : Plan.plus(registeredAt, BigInteger.valueOf(dueIn.toNanos()));
        if (firstDue == null) {
            throw new InvalidScheduleException(DUE_TIME, "dueTime " + ScheduleText.quote(dueTimeText) + " after " + registeredAt
                    + " is beyond the last representable instant");
        }
        Instant expiresAt = until;
        if (ttl != null) {
            Instant end = Plan.plus(firstDue, BigInteger.valueOf(ttl.toNanos()));
            expiresAt = end == null ? Instant.MAX : end;
        }
        if (expiresAt != null && expiresAt.isBefore(registeredAt)) {
            throw expired(expiresAt, "registration at " + registeredAt);
        }
        if (expiresAt != null && expiresAt.isBefore(firstDue)) {
            throw expired(expiresAt, "the first due time " + firstDue);
        }
        return new Plan(firstDue, period, period == null ? 1 : fires, expiresAt);
    }

    /**
     * @return the {@code dueTime} as it was given to {@link #parse} (null when none was, which fires at once), or, for a
     *         schedule built with {@link #in} or {@link #at}, as an ISO 8601 duration or an RFC 3339 time
     */
    public String dueTimeText() {
        return dueTimeText;
    }

    /**
     * @return the {@code period} as it was given to {@link #parse} (null when none was), or, after {@link #every} or
     *         {@link #times}, as an ISO 8601 duration, prefixed with {@code R<fires>/} when the fires are counted; null
     *         when it fires once
     */
    public String periodText() {
        return periodText;
    }

    /**
     * @return the {@code ttl} as it was given to {@link #parse} (null when none was), or, after {@link #ttl} or
     *         {@link #until}, as an ISO 8601 duration or an RFC 3339 time; null without an end
     */
    public String ttlText() {
        return ttlText;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Schedule that && Objects.equals(dueIn, that.dueIn)
                && Objects.equals(dueAt, that.dueAt) && Objects.equals(period, that.period) && fires == that.fires
                && Objects.equals(ttl, that.ttl) && Objects.equals(until, that.until)
                && Objects.equals(dueTimeText, that.dueTimeText) && Objects.equals(periodText, that.periodText)
                && Objects.equals(ttlText, that.ttlText);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dueIn, dueAt, period, fires, ttl, until, dueTimeText, periodText, ttlText);
    }

    /** @return for example {@code Schedule[due in PT1S, every PT5S, 5 fires, until PT1M after the first]} */
    @Override
    public String toString() {
        String due = dueAt != null ? "due at " + dueAt : dueIn.isZero() ? "due at once" : "due in " + dueIn;
        String repeat = period == null ? "once" : "every " + period + (fires == UNBOUNDED ? "" : ", " + fires + " fires");
        String end = until != null ? ", until " + until : ttl != null ? ", until " + ttl + " after the first" : "";
        return "Schedule[" + due + ", " + repeat + end + "]";
    }

    private InvalidScheduleException expired(Instant expiresAt, String before) {
        return new InvalidScheduleException(TTL, "ttl " + ScheduleText.quote(ttlText) + " has already expired: it ends at "
                + expiresAt + ", before " + before);
    }

    private static String periodText(Duration period, int fires) {
        if (period == null) {
            return null;
        }
        return fires == UNBOUNDED ? period.toString() : "R" + fires + "/" + period;
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static void checkDuration(String field, Duration duration, String instead) {
        if (duration == null || duration.isNegative()) {
            throw new InvalidScheduleException(field, field + " must not be " + (duration == null
                    ? "null"
                    : "negative, "
                            + "was " + duration)
                    + "; " + instead);
        }
        if (duration.compareTo(GoDuration.LONGEST) > 0) {
            throw new InvalidScheduleException(field, field + " must be at most " + GoDuration.LONGEST + " (Go's "
                    + "longest duration), was " + duration);
        }
    }

    private static void checkInstant(String field, Instant instant) {
        if (instant == null || instant.isBefore(ScheduleText.EARLIEST) || instant.isAfter(ScheduleText.LATEST)) {
            throw new InvalidScheduleException(field, field + " must be a time in the years 0000 to 9999 (RFC 3339's), "
                    + "was " + instant);
        }
    }

    /**
     * A schedule anchored at its registration: the due times {@code firstDue + i × period} for {@code i} from 0, at most
     * {@code fires} of them, none after {@code expiresAt}. Immutable and thread-safe; {@link #encode()} gives a compact
     * text to persist it, {@link #decode} reads it back.
     *
     * @param firstDue when the first fire is due, not null
     * @param period the time between two due times; null to fire once
     * @param fires the total number of fires, or {@link Schedule#UNBOUNDED}; 1 when there is no period
     * @param expiresAt the last time a fire may be due (inclusive); null for no end; not before {@code firstDue}
     */
    public record Plan(Instant firstDue, Duration period, int fires, Instant expiresAt) {

        private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

        /** @throws IllegalArgumentException when the parts contradict each other */
        public Plan {
            Objects.requireNonNull(firstDue, "firstDue");
            if (period != null && (period.isNegative() || period.isZero() || period.compareTo(GoDuration.LONGEST) > 0)) {
                throw new IllegalArgumentException("A plan's period must be positive and at most 2^63-1 ns, was "
                        + period);
            }
            if (fires != UNBOUNDED && fires < 1 || period == null && fires != 1) {
                throw new IllegalArgumentException("A plan fires once without a period, and otherwise at least once or "
                        + "unbounded (-1); was " + fires + " fires with period " + period);
            }
            if (expiresAt != null && expiresAt.isBefore(firstDue)) {
                throw new IllegalArgumentException("A plan cannot expire (" + expiresAt + ") before its first due time ("
                        + firstDue + ")");
            }
        }

        /**
         * @param due a due time of this plan that has just fired (or been skipped)
         * @param firedSoFar the fires so far, the one at {@code due} included
         * @return the due time after {@code due}; empty when the fires are exhausted, there is no period, or it would
         *         come after {@link #expiresAt()}
         */
        public Optional<Instant> next(Instant due, int firedSoFar) {
            Objects.requireNonNull(due, "due");
            if (period == null || fires != UNBOUNDED && firedSoFar >= fires) {
                return Optional.empty();
            }
            return notAfter(plus(due, nanos(period)), expiresAt);
        }

        /**
         * For a scheduler that wakes late: the first due time of the sequence {@code due + k × period} ({@code k ≥ 0})
         * strictly after {@code now}, computed in one step however many periods were missed.
         *
         * @param due a due time of this plan (one of {@code firstDue + i × period}) not yet fired
         * @param now the time of the check
         * @return that due time; empty when there is none: no period and {@code due} not after {@code now}, past the
         *         last of {@link #fires()} counted from {@link #firstDue()}, or after {@link #expiresAt()}
         */
        public Optional<Instant> firstAfter(Instant due, Instant now) {
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(now, "now");
            Instant first = due.isAfter(now)
                    ? due
                    : period == null ? null : plus(due, dueTimesUpTo(due, now).multiply(nanos(period)));
            return notAfter(notAfter(first, lastDue()).orElse(null), expiresAt);
        }

        /**
         * @param due a due time of this plan (one of {@code firstDue + i × period}) not yet fired
         * @param now the time of the check
         * @return how many due times of this plan from {@code due} up to {@code now}, both included, have come without
         *         a fire (within {@link #fires()} and {@link #expiresAt()}); 0 when {@code due} is after {@code now};
         *         {@link Long#MAX_VALUE} at most
         */
        public long missedBetween(Instant due, Instant now) {
            Objects.requireNonNull(due, "due");
            Objects.requireNonNull(now, "now");
            Instant limit = now;
            Instant last = lastDue();
            if (last != null && last.isBefore(limit)) {
                limit = last;
            }
            if (expiresAt != null && expiresAt.isBefore(limit)) {
                limit = expiresAt;
            }
            BigInteger missed = dueTimesUpTo(due, limit);
            return missed.bitLength() < Long.SIZE ? missed.longValue() : Long.MAX_VALUE;
        }

        /**
         * @return {@code firstDue|periodNanos|fires|expiresAt}: the times as ISO 8601 instants ({@link Instant#toString}),
         *         the period in nanoseconds, an absent period or end as an empty field; for example
         *         {@code 2024-01-01T00:00:00Z|1000000000|5|} or {@code 2024-01-01T00:00:00.5Z||1|2024-01-02T00:00:00Z}
         */
        public String encode() {
            return firstDue + "|" + (period == null ? "" : Long.toString(period.toNanos())) + "|" + fires + "|"
                    + (expiresAt == null ? "" : expiresAt.toString());
        }

        /**
         * @param encoded what {@link #encode()} gave
         * @return the plan it encodes
         * @throws IllegalArgumentException when it is not one
         */
        public static Plan decode(String encoded) {
            String[] parts = encoded.split("\\|", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("Not an encoded schedule plan (firstDue|periodNanos|fires|expiresAt): "
                        + ScheduleText.quote(encoded));
            }
            try {
                return new Plan(Instant.parse(parts[0]),
                        parts[1].isEmpty() ? null : Duration.ofNanos(Long.parseLong(parts[1])),
                        Integer.parseInt(parts[2]), parts[3].isEmpty() ? null : Instant.parse(parts[3]));
            } catch (DateTimeParseException | NumberFormatException malformed) {
                throw new IllegalArgumentException("Not an encoded schedule plan (firstDue|periodNanos|fires|expiresAt): "
                        + ScheduleText.quote(encoded), malformed);
            }
        }

        /** @return the last due time when the fires are counted; null when they are not, or it is beyond all time */
        private Instant lastDue() {
            if (fires == UNBOUNDED) {
                return null;
            }
            return period == null ? firstDue : plus(firstDue, BigInteger.valueOf(fires - 1L).multiply(nanos(period)));
        }

        /** @return how many of {@code due + k × period} ({@code k ≥ 0}) are not after {@code limit} */
        private BigInteger dueTimesUpTo(Instant due, Instant limit) {
            if (due.isAfter(limit)) {
                return BigInteger.ZERO;
            }
            if (period == null) {
                return BigInteger.ONE;
            }
            BigInteger gap = BigInteger.valueOf(limit.getEpochSecond() - due.getEpochSecond()).multiply(NANOS_PER_SECOND)
                    .add(BigInteger.valueOf(limit.getNano() - due.getNano()));
            return gap.divide(nanos(period)).add(BigInteger.ONE);
        }

        private static Optional<Instant> notAfter(Instant due, Instant end) {
            return due == null || end != null && due.isAfter(end) ? Optional.empty() : Optional.of(due);
        }

        private static BigInteger nanos(Duration duration) {
            return BigInteger.valueOf(duration.toNanos());
        }

        /** @return {@code instant} plus a non-negative number of nanoseconds; null when beyond {@link Instant#MAX} */
        static Instant plus(Instant instant, BigInteger nanos) {
            BigInteger[] seconds = nanos.divideAndRemainder(NANOS_PER_SECOND);
            if (seconds[0].bitLength() >= Long.SIZE) {
                return null;
            }
            try {
                return instant.plusSeconds(seconds[0].longValue()).plusNanos(seconds[1].longValue());
            } catch (DateTimeException | ArithmeticException beyond) {
                return null;
            }
        }
    }
}

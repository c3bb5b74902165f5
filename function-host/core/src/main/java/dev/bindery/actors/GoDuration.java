package dev.bindery.actors;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Reads Go's {@code time.Duration} text ({@code 2h30m}, {@code 0h0m3s0ms}, {@code 1.5h}, {@code 500ms}) as Dapr does
 * with {@code time.ParseDuration}, but never negative: an optional {@code +}, then one or more decimal numbers each followed by a unit
 * ({@code ns us µs ms s m h}), or a lone {@code 0}; a fraction below a nanosecond is dropped; the longest is Go's, 2^63-1
 * nanoseconds (about 292 years). No JDK or library type parses this grammar, hence this scanner.
 */
final class GoDuration {

    /** Go's {@code time.Duration} range, and so the longest delay, period or time to live a schedule holds. */
    static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    private static final Map<String, Long> NANOS_PER_UNIT = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L,
            "\u03bcs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final BigInteger MOST_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /**
     * @param text a Go duration, not null (a leading {@code -} is refused as a malformed number)
     * @return the duration, zero or positive
     * @throws NumberFormatException saying what is wrong, in words that fit after "it"
     */
    static Duration parse(String text) {
        int at = text.startsWith("+") ? 1 : 0;
        if (text.length() == at) {
            throw new NumberFormatException("has no number");
        }
        if (text.substring(at).equals("0")) {
            return Duration.ZERO;
        }
        BigInteger nanos = BigInteger.ZERO;
        while (at < text.length()) {
            int numberStart = at;
            while (at < text.length() && isNumeric(text.charAt(at))) {
                at++;
            }
            String number = text.substring(numberStart, at);
            if (!isDecimal(number)) {
                throw new NumberFormatException(number.isEmpty()
                        ? "has no number before \"" + text.substring(at) + "\""
                        : "has a malformed number \"" + number + "\"");
            }
            int unitStart = at;
            while (at < text.length() && !isNumeric(text.charAt(at))) {
                at++;
            }
            String unit = text.substring(unitStart, at);
            Long unitNanos = NANOS_PER_UNIT.get(unit);
            if (unitNanos == null) {
                throw new NumberFormatException(unit.isEmpty()
                        ? "has no unit after " + number
                        : "has an unknown unit \"" + unit + "\" (use ns, us, \u00b5s, ms, s, m or h)");
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)).toBigInteger());
            if (nanos.compareTo(MOST_NANOS) > 0) {
                throw new NumberFormatException("is longer than " + LONGEST + ", the longest Go duration");
            }
        }
        return Duration.ofNanos(nanos.longValueExact());
    }

    private static boolean isNumeric(char c) {
        return c == '.' || c >= '0' && c <= '9';
    }

    /** @return whether the digits-and-dots are one decimal number: one dot at most and a digit on either side */
    private static boolean isDecimal(String number) {
        int dot = number.indexOf('.');
        return !number.isEmpty() && !number.equals(".") && (dot < 0 || number.indexOf('.', dot + 1) < 0);
    }
}

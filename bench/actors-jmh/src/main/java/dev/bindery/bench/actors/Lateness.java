package dev.bindery.bench.actors;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** A histogram of lateness in whole milliseconds (up to 10 minutes, the rest in the last bucket). Thread-safe. */
final class Lateness {

    private static final int LAST = 600_000;

    private final AtomicLongArray counts = new AtomicLongArray(LAST + 1);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong recentMax = new AtomicLong();

    void record(long millis) {
        long bounded = Math.max(0, millis);
        counts.incrementAndGet((int) Math.min(LAST, bounded));
        total.incrementAndGet();
        max.accumulateAndGet(bounded, Math::max);
        recentMax.accumulateAndGet(bounded, Math::max);
    }

    /** @return the largest lateness since the last call */
    long takeRecentMax() {
        return recentMax.getAndSet(0);
    }

    long count() {
        return total.get();
    }

    long max() {
        return max.get();
    }

    /** @return the smallest lateness at or under which the fraction {@code p} of the recorded ones are */
    long percentile(double p) {
        long n = total.get();
        if (n == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(p * n);
        long seen = 0;
        for (int ms = 0; ms <= LAST; ms++) {
            seen += counts.get(ms);
            if (seen >= rank) {
                return ms;
            }
        }
        return LAST;
    }

    /** @return how many were later than {@code millis} */
    long over(long millis) {
        long over = 0;
        for (int ms = (int) millis + 1; ms <= LAST; ms++) {
            over += counts.get(ms);
        }
        return over;
    }
}

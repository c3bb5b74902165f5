package dev.bindery.spi.support;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The per-process salt of the values the host draws from {@link ThreadLocalRandom} and needs unique across processes:
 * event ids ({@link EventIds}), ETags ({@link ETags}) and the trace ids of host failures. A thread's random state is memory, so processes restored from
 * one snapshot (AWS Lambda SnapStart, CRaC) would draw the same values — the idempotency stage would take one
 * instance's events for duplicates of another's, and an ETag could match a write it never saw. Mixing in this salt,
 * drawn again by {@link #reseed()} after a restore, keeps them apart.
 */
public final class Uniqueness {

    private static volatile long salt = new SecureRandom().nextLong();

    private Uniqueness() {
    }

    /** Draws a new salt from the operating system's entropy: call it after a restore from a snapshot. Thread-safe. */
    public static void reseed() {
        salt = new SecureRandom().nextLong();
    }

    /** @return 64 random bits of this thread's, mixed with the process's salt */
    public static long nextLong() {
        return mix(ThreadLocalRandom.current().nextLong());
    }

    /** @return a random draw mixed with the process's current salt */
    static long mix(long random) {
        return random ^ salt;
    }
}

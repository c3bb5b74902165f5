package dev.bindery.spi.support;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for the events the host creates: random (version 4) UUIDs. Event ids must be unique per source, not secret, so
 * they come from {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}'s shared, locked SecureRandom, which
 * showed up in the HTTP benchmark's profile.
 * <p>
 * A thread's {@link ThreadLocalRandom} state is memory: a process restored from a snapshot (AWS Lambda SnapStart, CRaC)
 * restores it too, so every instance restored from one snapshot would draw the same ids on its threads — and the
 * idempotency stage would take the second instance's events for duplicates of the first's. Ids are therefore mixed with
 * a per-process salt, which {@link #reseed()} draws again after a restore.
 */
public final class EventIds {

    private static volatile long salt = new SecureRandom().nextLong();

    private EventIds() {
    }

    /** @return a new random UUID in its 36-character form */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = ((random.nextLong() ^ salt) & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    /**
     * Draws a new salt from the operating system's entropy, so ids drawn from restored {@link ThreadLocalRandom} states
     * differ between processes restored from one snapshot: call it after a restore. Thread-safe.
     */
    public static void reseed() {
        salt = new SecureRandom().nextLong();
    }
}

package dev.bindery.spi.support;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for the events the host creates: random (version 4) UUIDs. Event ids must be unique per source, not secret, so
 * they come from {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}'s shared, locked SecureRandom, which
 * showed up in the HTTP benchmark's profile — mixed with the process's {@link Uniqueness salt}, so processes restored
 * from one snapshot do not draw the same ids.
 */
public final class EventIds {

    private EventIds() {
    }

    /** @return a new random UUID in its 36-character form */
    public static String next() {
        long most = (ThreadLocalRandom.current().nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (Uniqueness.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}

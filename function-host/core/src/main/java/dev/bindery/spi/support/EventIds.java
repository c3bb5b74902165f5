package dev.bindery.spi.support;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for the events the host creates: random (version 4) UUIDs. Event ids must be unique per source, not secret, so
 * they come from {@link ThreadLocalRandom} rather than {@link UUID#randomUUID()}'s shared, locked SecureRandom, which
 * showed up in the HTTP benchmark's profile.
 */
public final class EventIds {

    private EventIds() {
    }

    /** @return a new random UUID in its 36-character form */
    public static String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
        long least = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }
}

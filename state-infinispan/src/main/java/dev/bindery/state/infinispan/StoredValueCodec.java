package dev.bindery.state.infinispan;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import dev.bindery.spi.state.StateBackend.Stored;

/**
 * Stores a value with its ETag and expiry as one {@code String}: {@code <etag> NUL <expiry millis or empty> NUL
 * <bytes as ISO-8859-1>}. ISO-8859-1 maps every byte to one char, so any bytes survive, and a Latin-1 string is kept as
 * bytes by the JVM (compact strings). A {@code String} needs no marshaller in a cluster, in a file store or over Hot
 * Rod, and compares by value, which conditional operations rely on.
 */
final class StoredValueCodec {

    private static final char SEPARATOR = '\0';

    private StoredValueCodec() {
    }

    static String encode(byte[] value, String etag, Instant expiresAt) {
        String expiry = expiresAt == null ? "" : Long.toString(expiresAt.toEpochMilli());
        return etag + SEPARATOR + expiry + SEPARATOR + new String(value, StandardCharsets.ISO_8859_1);
    }

    static Stored decode(String stored) {
        int first = stored.indexOf(SEPARATOR);
        int second = stored.indexOf(SEPARATOR, first + 1);
        if (first < 0 || second < 0) {
            throw new IllegalStateException("A stored state value is not in Bindery's format");
        }
        return new Stored(payload(stored, second + 1), stored.substring(0, first),
                second == first + 1 ? null : Instant.ofEpochMilli(Long.parseLong(stored, first + 1, second, 10)));
    }

    /** The bytes after {@code from}, copied once: every char of the payload is one ISO-8859-1 byte. */
    @SuppressWarnings("deprecation")
    private static byte[] payload(String stored, int from) {
        byte[] bytes = new byte[stored.length() - from];
        stored.getBytes(from, stored.length(), bytes, 0);
        return bytes;
    }

    /** @return the ETag alone, without copying the value */
    static String etagOf(String stored) {
        return stored.substring(0, stored.indexOf(SEPARATOR));
    }
}

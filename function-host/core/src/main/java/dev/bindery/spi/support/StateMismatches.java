package dev.bindery.spi.support;

import dev.bindery.state.ETagMismatchException;

/** The conflict messages every backend gives, so they read the same whatever the engine. */
public final class StateMismatches {

    private StateMismatches() {
    }

    public static ETagMismatchException etag(String key, String expected, String actual) {
        return new ETagMismatchException(key, actual == null
                ? "ETag mismatch for key '" + key + "': expected '" + expected + "' but the key does not exist"
                : "ETag mismatch for key '" + key + "': expected '" + expected + "', the item has changed since");
    }

    public static ETagMismatchException exists(String key) {
        return new ETagMismatchException(key, "Key '" + key + "' already exists and first-write without an ETag "
                + "inserts only absent keys");
    }
}

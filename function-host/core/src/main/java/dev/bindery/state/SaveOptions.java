package dev.bindery.state;

import java.time.Duration;
import java.util.Optional;

/**
 * How to save: an optional ETag (the version the write expects), the concurrency mode and a time to live. Immutable;
 * {@link #NONE} is last-write-wins without expiry.
 */
public final class SaveOptions {

    /** Last-write-wins, no ETag, no expiry. */
    public static final SaveOptions NONE = new SaveOptions(null, Concurrency.LAST_WRITE, null);

    private final String etag;
    private final Concurrency concurrency;
    private final Duration ttl;

    private SaveOptions(String etag, Concurrency concurrency, Duration ttl) {
        this.etag = etag;
        this.concurrency = concurrency;
        this.ttl = ttl;
    }

    /** @return options that require the stored item to have this ETag (first-write-wins) */
    public static SaveOptions ifMatch(String etag) {
        if (etag == null) {
            throw new InvalidStateRequestException("An ETag must not be null; use SaveOptions.NONE for last-write-wins");
        }
        return new SaveOptions(etag, Concurrency.FIRST_WRITE, null);
    }

    /** @return options that insert only when the key is absent (first-write-wins without an ETag) */
    public static SaveOptions ifAbsent() {
        return new SaveOptions(null, Concurrency.FIRST_WRITE, null);
    }

    /** @return these options with the item expiring after the duration */
    public SaveOptions withTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new InvalidStateRequestException("A TTL must be positive, was " + ttl);
        }
        return new SaveOptions(etag, concurrency, ttl);
    }

    /** @return these options with the concurrency mode */
    public SaveOptions withConcurrency(Concurrency concurrency) {
        return new SaveOptions(etag, concurrency, ttl);
    }

    public Optional<String> etag() {
        return Optional.ofNullable(etag);
    }

    public Concurrency concurrency() {
        return concurrency;
    }

    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }
}

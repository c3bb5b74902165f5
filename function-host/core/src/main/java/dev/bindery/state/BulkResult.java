package dev.bindery.state;

import java.util.Optional;

/**
 * The outcome of one key of a bulk call: on success the new ETag (saves) or nothing (deletes); on failure the error,
 * while the other keys went ahead.
 */
public record BulkResult(String key, Optional<String> etag, Optional<StateException> error) {

    public static BulkResult ok(String key, String etag) {
        return new BulkResult(key, Optional.ofNullable(etag), Optional.empty());
    }

    public static BulkResult failed(String key, StateException error) {
        return new BulkResult(key, Optional.empty(), Optional.of(error));
    }

    public boolean succeeded() {
        return error.isEmpty();
    }
}

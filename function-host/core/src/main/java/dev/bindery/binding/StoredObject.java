package dev.bindery.binding;

import java.time.Instant;

/**
 * The data of an object-storage event ({@code dev.bindery.s3.object.created}); read the content with
 * {@code bindings.invoke(binding, "get", null, Map.of("key", key)).stream()}.
 *
 * @param binding the binding that saw the object
 * @param bucket the bucket
 * @param key the object's key, URL-decoded
 * @param size the size in bytes, or -1 when not known
 * @param eTag the object's ETag, without quotes
 * @param contentType the content type, or null when not known
 * @param lastModified when the object was written, or null when not known
 */
public record StoredObject(String binding, String bucket, String key, long size, String eTag, String contentType,
        Instant lastModified) {
}

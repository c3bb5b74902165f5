package dev.bindery.state;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A stored value with its ETag and expiry. Immutable. */
public final class StateItem {

    private final String key;
    private final byte[] bytes;
    private final String etag;
    private final Instant expiresAt;
    private final ObjectMapper mapper;

    /**
     * @param key the key as the application sees it (without scoping)
     * @param bytes the stored bytes (JSON unless saved as {@code byte[]})
     * @param etag the version of this value; pass it back to save or delete only if unchanged
     * @param expiresAt when the item expires, or null for never
     * @param mapper reads the value
     */
    public StateItem(String key, byte[] bytes, String etag, Instant expiresAt, ObjectMapper mapper) {
        this.key = Objects.requireNonNull(key, "key");
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.etag = Objects.requireNonNull(etag, "etag");
        this.expiresAt = expiresAt;
        this.mapper = mapper;
    }

    public String key() {
        return key;
    }

    /** @return the ETag: the version of this value */
    public String etag() {
        return etag;
    }

    /** @return when the item expires, if it was saved with a TTL */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** @return the raw stored bytes (a copy) */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * @return the value read as JSON into the type
     * @throws StateException when the stored bytes are not JSON of that type
     */
    public <T> T value(Class<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new StateException("The value of key '" + key + "' cannot be read as " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** @return the value read as JSON into a generic type, such as {@code new TypeReference<List<Order>>() {}} */
    public <T> T value(TypeReference<T> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new StateException("The value of key '" + key + "' cannot be read as " + type.getType() + ": "
                    + e.getMessage(), e);
        }
    }
}

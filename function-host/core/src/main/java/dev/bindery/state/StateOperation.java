package dev.bindery.state;

import java.util.Objects;
import java.util.Optional;

/** One save or delete, for bulk calls and transactions. Immutable. */
public final class StateOperation {

    /** What the operation does. */
    public enum Kind {
        SAVE, DELETE
    }

    private final Kind kind;
    private final String key;
    private final Object value;
    private final SaveOptions options;
    private final String etag;

    private StateOperation(Kind kind, String key, Object value, SaveOptions options, String etag) {
        this.kind = kind;
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
        this.options = options;
        this.etag = etag;
    }

    /** @return a save with the options (ETag, concurrency, TTL) */
    public static StateOperation save(String key, Object value, SaveOptions options) {
        return new StateOperation(Kind.SAVE, key, Objects.requireNonNull(value, "value"),
                Objects.requireNonNull(options, "options"), options.etag().orElse(null));
    }

    /** @return a last-write-wins save */
    public static StateOperation save(String key, Object value) {
        return save(key, value, SaveOptions.NONE);
    }

    /** @return a delete; with an ETag it happens only if the item still has it */
    public static StateOperation delete(String key, String etag) {
        return new StateOperation(Kind.DELETE, key, null, null, etag);
    }

    /** @return an unconditional delete */
    public static StateOperation delete(String key) {
        return delete(key, null);
    }

    public Kind kind() {
        return kind;
    }

    public String key() {
        return key;
    }

    /** @return the value to save; null for deletes */
    public Object value() {
        return value;
    }

    /** @return the save options; null for deletes */
    public SaveOptions options() {
        return options;
    }

    /** @return the ETag the operation requires */
    public Optional<String> etag() {
        return Optional.ofNullable(etag);
    }
}

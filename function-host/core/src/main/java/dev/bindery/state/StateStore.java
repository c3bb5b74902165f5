package dev.bindery.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named key/value store with Dapr's semantics. Values are saved as JSON (Jackson), or as raw bytes when given a
 * {@code byte[]}. Keys are scoped to the application ({@code <app-id>||<key>}) unless the store is configured
 * otherwise, so two applications sharing one store do not see each other's keys.
 * <p>
 * Concurrency: a save or delete without an ETag is last-write-wins; with an ETag it succeeds only if the stored item
 * still has that ETag (first-write-wins) and otherwise throws {@link ETagMismatchException}. Every successful save
 * returns the item's new ETag. Calls block; the store is thread-safe.
 */
public interface StateStore {

    /** @return the store's name, as configured under {@code bindery.state.<name>} */
    String name();

    /**
     * @return the item, or empty when the key is absent or expired
     * @throws InvalidStateRequestException for a malformed key
     */
    Optional<StateItem> get(String key);

    /**
     * Saves last-write-wins, without expiry.
     *
     * @return the new ETag
     */
    String save(String key, Object value);

    /**
     * Saves with an ETag, an insert-only condition or a TTL (see {@link SaveOptions}).
     *
     * @return the new ETag
     * @throws ETagMismatchException when the condition does not hold; nothing was written
     * @throws InvalidStateRequestException for a malformed key or ETag, or a value over the size limit
     */
    String save(String key, Object value, SaveOptions options);

    /** Deletes the key if present (last-write-wins). */
    void delete(String key);

    /**
     * Deletes the key only if it still has the ETag.
     *
     * @throws ETagMismatchException when the item changed or is gone
     */
    void delete(String key, String etag);

    /** @return the items found, by key; absent keys are left out */
    Map<String, StateItem> getBulk(List<String> keys);

    /** Applies each save independently. @return one result per operation, in order */
    List<BulkResult> saveBulk(List<StateOperation> saves);

    /** Applies each delete independently. @return one result per operation, in order */
    List<BulkResult> deleteBulk(List<StateOperation> deletes);

    /**
     * Applies the saves and deletes in order, all or nothing: if any condition fails, none is applied.
     *
     * @throws ETagMismatchException naming the first operation whose condition failed
     */
    void transact(List<StateOperation> operations);
}

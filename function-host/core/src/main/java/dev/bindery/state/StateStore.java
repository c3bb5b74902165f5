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

    /**
     * Applies the saves and deletes in order and records the events to publish, all in one atomic write (Dapr's
     * transactional outbox): if any condition fails, nothing is applied and nothing is published; once this returns,
     * the state change is committed and each event will be published. Each event is built here, as a CloudEvent with
     * a new id (the one returned), {@code source} = the application id, its type and data; it is kept in this store
     * until the host has relayed it to its pub/sub component.
     * <p>
     * The relay is at least once and does not block this call: the host publishes each event right after the commit
     * and deletes it from the store once the broker has it; an event whose publish fails, or that was pending when the
     * host stopped or crashed, is published again later (on a retry with backoff, when the store is next opened, and by
     * a periodic scan), always with the same id, so a subscriber with idempotency on applies it once. Events of one
     * transaction are relayed in order; events of different transactions may overtake each other after a failed
     * publish. Events left pending are found by the member that is the primary owner of their entry in an embedded
     * cluster; instances sharing a remote (Hot Rod) store may each relay one, a duplicate with the same id. An event
     * published {@link dev.bindery.pubsub.PublishRequest#raw() raw} travels without its envelope, so its id does not
     * reach subscribers and a duplicate of it cannot be recognised.
     *
     * @param publishes the events to publish once the transaction commits; may be empty
     * @return the ids of the events, in the order given
     * @throws ETagMismatchException naming the first operation whose condition failed; nothing was written
     * @throws InvalidStateRequestException for a malformed key or ETag, or a value over the size limit
     * @throws dev.bindery.pubsub.PublishException when an event's data cannot be serialized; nothing was written
     */
    List<String> transact(List<StateOperation> operations, List<OutboxPublish> publishes);
}

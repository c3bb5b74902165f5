/**
 * Durable key/value state with Dapr's semantics: ETags for optimistic concurrency (no ETag = last-write-wins, an ETag =
 * first-write-wins), TTL per write, bulk operations with a result per key, and all-or-nothing transactions. Inject a
 * {@link dev.bindery.state.StateStore}, named with {@link dev.bindery.state.Store} or the default one.
 * <p>
 * Every call blocks until the store has applied it; call it from a worker thread (the default for functions).
 */
package dev.bindery.state;

package dev.bindery.actors;

import java.time.Duration;
import java.util.Optional;

/**
 * The state of one actor, saved atomically at the end of each turn: every {@code set} and {@code remove} of a turn is
 * committed together when the turn's method returns normally (or its {@code CompletionStage} completes), and dropped
 * when it throws. Reads see the turn's own writes first. Values are JSON (Jackson, the application's mapper). Stored
 * under {@code <app>||<type>||<id>||<key>} in the actors' state store.
 * <p>
 * Keys are non-empty, at most 1,024 characters, and do not start with {@code $} (reserved for the runtime's own
 * entries). A value is at most the configured size ({@code bindery.actors.max-state-size}, 1 MiB by default): a larger
 * one throws {@link ActorStateLimitException}. Not thread-safe: used by the turn's thread.
 */
public interface ActorState {

    /**
     * @param key the key
     * @param type the value's type
     * @return the value, or empty when the key has none (or its time to live passed)
     */
    <T> Optional<T> get(String key, Class<T> type);

    /** @return true when the key has a value */
    boolean contains(String key);

    /**
     * Sets the value, saved at the end of the turn.
     *
     * @throws ActorStateLimitException when the key or the serialized value is over the limits
     */
    void set(String key, Object value);

    /**
     * Sets the value with a time to live, saved at the end of the turn.
     *
     * @throws ActorStateLimitException when the key or the serialized value is over the limits
     */
    void set(String key, Object value, Duration ttl);

    /** Removes the key's value at the end of the turn; nothing when it has none. */
    void remove(String key);
}

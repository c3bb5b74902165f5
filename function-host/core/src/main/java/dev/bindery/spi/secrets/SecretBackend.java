package dev.bindery.spi.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one secret store. Calls block; the host calls them from its own threads, caches what they return and never
 * logs it. A backend throws any exception when the store cannot be reached or answers with an error (the host reports
 * it as the store being unavailable); its message must not contain a secret value.
 */
public interface SecretBackend extends AutoCloseable {

    /**
     * @param name the secret's name
     * @return the secret's keys and values, or empty when the store has no such secret
     */
    Optional<Map<String, String>> get(String name);

    /** @return the names of every secret of the store */
    Set<String> names();

    /**
     * Lets the host hear of changes without waiting for the cache's TTL. A backend that can notice changes (a watched
     * file or directory, a Kubernetes watch) calls {@code changed} with the name of a secret that may have changed, or
     * with null when any may have; the host then reads again and compares.
     *
     * @param changed called from the backend's own thread
     * @return stops watching; the default watches nothing
     */
    default AutoCloseable watch(Consumer<String> changed) {
        return () -> {
        };
    }

    /** Releases the client. The default does nothing. */
    @Override
    default void close() {
    }
}

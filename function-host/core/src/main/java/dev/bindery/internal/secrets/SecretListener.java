package dev.bindery.internal.secrets;

/** What the host hears from the secret stores: rotations, failed refreshes and stale reads (for metrics and logs). */
public interface SecretListener {

    /** A secret's value changed in its store. */
    default void rotated(String store, String name) {
    }

    /** A refresh failed; the cached value stays until {@code max-stale}. */
    default void refreshFailed(String store, String name, Throwable failure) {
    }

    /** A read was answered with a cached value whose refresh failed. */
    default void staleRead(String store, String name) {
    }
}

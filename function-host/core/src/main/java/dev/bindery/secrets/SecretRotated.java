package dev.bindery.secrets;

import java.util.Objects;

/**
 * A CDI event fired when the host notices that a secret's value changed in its store (a file or Kubernetes Secret
 * rewritten, a refresh that read a new version). Observe it with {@code void on(@Observes SecretRotated rotated)}. It
 * carries no value: read the new one through {@link Secrets}. Components whose configuration references the secret have
 * been rebuilt with the new value when it is fired.
 *
 * @param store the store's name
 * @param name the secret's name
 */
public record SecretRotated(String store, String name) {

    public SecretRotated {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(name, "name");
    }
}

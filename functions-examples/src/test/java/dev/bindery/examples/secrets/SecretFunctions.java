package dev.bindery.examples.secrets;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.funqy.Funq;

import dev.bindery.secrets.SecretException;
import dev.bindery.secrets.SecretRotated;
import dev.bindery.secrets.Secrets;

/** Functions of the secrets tests: one with its own scoping ({@code bindery.functions.readScoped.secrets.allowed}). */
public class SecretFunctions {

    /** Which secret to read. */
    public record Query(String store, String name, String key) {
    }

    /** The value read, or why not. */
    public record Answer(String value, String failure) {
    }

    /** Every rotation the application was told of. */
    static final List<SecretRotated> ROTATED = new CopyOnWriteArrayList<>();

    @Inject
    Secrets secrets;

    @Funq
    public Answer readScoped(Query query) {
        return read(query);
    }

    @Funq
    public Answer readAny(Query query) {
        return read(query);
    }

    private Answer read(Query query) {
        try {
            return new Answer(secrets.get(query.store(), query.name(), query.key()), null);
        } catch (SecretException e) {
            return new Answer(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    void rotated(@Observes SecretRotated rotated) {
        ROTATED.add(rotated);
    }
}

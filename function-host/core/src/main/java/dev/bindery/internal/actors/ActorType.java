package dev.bindery.internal.actors;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One actor type as the host runs it: how its instances are made and destroyed, its methods, and its settings.
 *
 * @param name the type's name
 * @param factory makes an instance at activation
 * @param destroyer destroys one at deactivation
 * @param methods the names of its methods
 * @param idleTimeout how long an actor stays active without a call
 * @param reentrant whether a call chain may call back into an actor it is in
 * @param maxDepth how deep a chain may re-enter one actor
 */
public record ActorType(String name, Supplier<Object> factory, Consumer<Object> destroyer, Set<String> methods,
        Duration idleTimeout, boolean reentrant, int maxDepth) {

    public ActorType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        destroyer = destroyer == null ? instance -> {
        } : destroyer;
        methods = Set.copyOf(methods);
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1");
        }
    }
}

package dev.bindery.actors;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as a virtual actor type. The build discovers it; each actor id of the type gets its own instance,
 * activated on the first call, and its public methods are the actor's methods: like functions, each takes at most one
 * data argument and optionally an {@link ActorContext} (or an {@code EventContext}), and returns a value (the reply),
 * {@code void}, or a {@code CompletionStage}/{@code Uni} of one. Calls to one actor id run one at a time, in order,
 * cluster-wide (a turn); the state they change is saved at the end of the turn, or not at all when the method throws.
 * <p>
 * An instance is a CDI bean of scope {@code @Dependent} (it may inject stores, publishers, other actors' client), made
 * at activation and destroyed at deactivation; implement {@link ActorLifecycle} to hear of both.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Actor {

    /**
     * @return the actor type's name, unique in the application, used by callers and in state keys (letters, digits,
     *         {@code -}, {@code _} and {@code .}); default: the class's simple name
     */
    String value() default "";
}

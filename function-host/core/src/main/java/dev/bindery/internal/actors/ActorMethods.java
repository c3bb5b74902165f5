package dev.bindery.internal.actors;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bindery.actors.ActorLifecycle;
import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;

/**
 * An actor class's methods as the host's functions, named {@code <type>.<method>}: called on the instance of the
 * actor whose turn runs, on the turn's thread.
 */
public final class ActorMethods {

    private ActorMethods() {
    }

    /**
     * @return the actor methods of the class: its public, non-static methods, declared by it or a superclass other than
     *         {@code Object}, except the {@link ActorLifecycle} callbacks
     * @throws IllegalArgumentException when two have the same name (callers name methods, not signatures)
     */
    public static Map<String, Method> of(Class<?> actorClass) {
        Map<String, Method> methods = new LinkedHashMap<>();
        for (Method method : actorClass.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.getDeclaringClass() == Object.class
                    || method.isSynthetic() || method.isBridge() || isLifecycle(method)) {
                continue;
            }
            Method previous = methods.put(method.getName(), method);
            if (previous != null) {
                throw new IllegalArgumentException("Actor class " + actorClass.getName() + " has two methods named '"
                        + method.getName() + "': an actor's methods are called by name, so each name is used once");
            }
        }
        return methods;
    }

    /** @return the functions of the type's methods */
    public static List<FunctionDefinition> definitions(String type, Class<?> actorClass) {
        List<FunctionDefinition> definitions = new ArrayList<>();
        of(actorClass).forEach((name, method) -> definitions.add(FunctionDefinition
                .builder(ActorAddress.function(type, name), method)
                .target(CurrentTurn::instance)
                // the actor stage already moved the call to a worker, in the actor's turn
                .executionMode(ExecutionMode.EVENT_LOOP)
                .build()));
        return definitions;
    }

    private static boolean isLifecycle(Method method) {
        if (!ActorLifecycle.class.isAssignableFrom(method.getDeclaringClass())
                && method.getDeclaringClass() != ActorLifecycle.class) {
            return false;
        }
        for (Method callback : ActorLifecycle.class.getMethods()) {
            if (callback.getName().equals(method.getName())
                    && java.util.Arrays.equals(callback.getParameterTypes(), method.getParameterTypes())) {
                return true;
            }
        }
        return false;
    }
}

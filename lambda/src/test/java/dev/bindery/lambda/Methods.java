package dev.bindery.lambda;

import java.lang.reflect.Method;

/** The tests' functions are public methods, looked up by name. */
final class Methods {

    private Methods() {
    }

    static Method named(Class<?> type, String name) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no public method " + name);
    }
}

package dev.bindery.runtime.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

/**
 * Rebuilds the components whose configuration references a rotated secret, each with its options as configured now: a
 * state store's engine (a new Hot Rod client), a pub/sub component's broker (a new producer and consumers), a binding's
 * Camel endpoint. A property outside those takes the new value when the application restarts, which is logged.
 */
@Singleton
public class ComponentRotation {

    private static final Logger LOG = Logger.getLogger(ComponentRotation.class);

    private final Instance<StateStores> states;
    private final Instance<PubSubComponents> pubsub;
    private final Instance<BindingComponents> bindings;

    ComponentRotation(Instance<StateStores> states, Instance<PubSubComponents> pubsub,
            Instance<BindingComponents> bindings) {
        this.states = states;
        this.pubsub = pubsub;
        this.bindings = bindings;
    }

    /** @param properties the properties whose value references the rotated secret */
    void rebuild(Set<String> properties) {
        Set<String> done = new LinkedHashSet<>();
        for (String property : properties) {
            if (!rebuild(property, "bindery.state.", "State store", states, StateStores::rotate, done)
                    && !rebuild(property, "bindery.pubsub.", "Pub/sub component", pubsub, PubSubComponents::rotate,
                            done)
                    && !rebuild(property, "bindery.bindings.", "Binding", bindings, BindingComponents::rotate, done)) {
                LOG.warnf("Property '%s' references a rotated secret; it takes the new value when the application "
                        + "restarts", property);
            }
        }
    }

    /** @return whether the property is one of a component's of this kind (rebuilt once per rotation) */
    private static <T> boolean rebuild(String property, String prefix, String kind, Instance<T> components,
            BiConsumer<T, String> rotate, Set<String> done) {
        String component = component(property, prefix);
        if (component == null) {
            return false;
        }
        if (done.add(prefix + component) && components.isResolvable()) {
            rebuild(kind + " '" + component + "'", () -> rotate.accept(components.get(), component));
        }
        return true;
    }

    private static void rebuild(String what, Runnable rotate) {
        try {
            rotate.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s could not be rebuilt with its rotated configuration; the previous one stays in use", what);
        }
    }

    /** @return the component's name when the property is one of its options */
    static String component(String property, String prefix) {
        if (!property.startsWith(prefix)) {
            return null;
        }
        String rest = property.substring(prefix.length());
        if (rest.startsWith("\"")) {
            int close = rest.indexOf('"', 1);
            return close < 0 ? null : rest.substring(1, close);
        }
        int dot = rest.indexOf('.');
        return dot < 0 ? null : rest.substring(0, dot);
    }
}

package dev.bindery.bindings.camel.internal;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.bindery.bindings.camel.kind.BindingOption;
import dev.bindery.bindings.camel.kind.CamelBindingKind;

/**
 * The binding kinds on the class path, found with {@link ServiceLoader} and known by their option names; and the
 * kinds of Bindery's other modules, so that a binding of one that is not on the class path names the artifact to add.
 */
public final class CamelBindingKinds {

    /** Kinds that come in modules of their own, so that an application pulls only the clients it uses. */
    private static final Map<String, String> MODULES = Map.of("sqs", "bindery-bindings-camel-aws", "s3",
            "bindery-bindings-camel-aws", "amqp", "bindery-bindings-camel-amqp", "kafka",
            "bindery-bindings-camel-kafka");

    private final Map<String, CamelBindingKind> kinds;

    private CamelBindingKinds(Map<String, CamelBindingKind> kinds) {
        this.kinds = kinds;
    }

    /** @return the kinds registered in {@code META-INF/services} on the thread's class path */
    public static CamelBindingKinds load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Map<String, CamelBindingKind> found = new TreeMap<>();
        for (CamelBindingKind kind : ServiceLoader.load(CamelBindingKind.class,
                loader != null ? loader : CamelBindingKinds.class.getClassLoader())) {
            CamelBindingKind other = found.putIfAbsent(kind.name(), kind);
            if (other != null && other.getClass() != kind.getClass()) {
                throw new IllegalStateException("Two binding kinds are named '" + kind.name() + "': "
                        + other.getClass().getName() + " and " + kind.getClass().getName());
            }
        }
        return new CamelBindingKinds(found);
    }

    /** @return the names of the kinds a binding may name: those on the class path and those of Bindery's modules */
    public Set<String> names() {
        Set<String> names = new TreeSet<>(kinds.keySet());
        names.addAll(MODULES.keySet());
        return names;
    }

    /** @return the kind named so, when it is on the class path */
    public Optional<CamelBindingKind> find(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    /** @return the options of every kind */
    Set<String> options() {
        Set<String> options = new TreeSet<>();
        kinds.values().forEach(kind -> kind.options().stream().map(BindingOption::name).forEach(options::add));
        return options;
    }

    /** @return the error for a binding of a kind that is not on the class path, naming the artifact to add */
    IllegalArgumentException missing(String binding, String kind) {
        return new IllegalArgumentException("Binding '" + binding + "' uses the " + kind + " kind, which is not on "
                + "the class path: add the dependency dev.bindery:" + MODULES.get(kind));
    }
}

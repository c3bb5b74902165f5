package dev.bindery.lambda.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a Lambda package should be told at start-up about its state: a store that is not remote is one instance's
 * (embedded under {@code /tmp}, or in memory), so the guarantees resting on it — the idempotency stage's "processed
 * once" and first-write-wins writes — hold per instance only, and two instances can both process one event or both
 * insert one key. One warning per such store, naming what relies on it and the fix.
 */
public final class InstanceStateWarnings {

    private static final String DEFAULT_STORE = "default";

    private InstanceStateWarnings() {
    }

    /** For configuration given as a map (every property named in it). */
    public static List<String> of(Map<String, String> properties, Map<String, Set<String>> firstWriters) {
        return of(properties.keySet(), name -> Optional.ofNullable(properties.get(name)), firstWriters);
    }

    /**
     * @param names the application's {@code bindery.*} property names, where the idempotency of pub/sub components and
     *        functions is looked for
     * @param config a property's value, from any source (environment variables included)
     * @param firstWriters store → the classes writing it first-write-wins, as the build found them
     * @return the warnings, one per store; empty when every such store is remote
     */
    public static List<String> of(Set<String> names, Function<String, Optional<String>> config,
            Map<String, Set<String>> firstWriters) {
        Map<String, List<String>> reliances = new TreeMap<>();
        firstWriters.forEach((store, classes) -> rely(reliances, store, "first-write-wins writes (" + String.join(
                ", ", classes) + ")"));
        String stageStore = config.apply("bindery.idempotency.store").orElse(DEFAULT_STORE);
        String transports = config.apply("bindery.idempotency.transports").orElse("");
        // every event of a Lambda package is dispatched on the transport "lambda": the stage runs here only if listed
        if (java.util.Arrays.stream(transports.split(",")).map(String::trim).anyMatch("lambda"::equalsIgnoreCase)) {
            rely(reliances, stageStore, "the idempotency stage on " + transports + " (bindery.idempotency.transports)");
        }
        for (String name : new TreeSet<>(names)) {
            boolean on = config.apply(name).map(Boolean::parseBoolean).orElse(false);
            String pubsub = component(name, "bindery.pubsub.", ".idempotency");
            if (pubsub != null && on) {
                rely(reliances, config.apply(name + "-store").orElse(DEFAULT_STORE),
                        "the idempotency of pub/sub component '" + pubsub + "' (" + name + ")");
            }
            String function = component(name, "bindery.functions.", ".idempotency");
            if (function != null && on) {
                rely(reliances, config.apply(name + "-store").orElse(stageStore), "the idempotency of function '"
                        + function + "' (" + name + ")");
            }
        }
        List<String> warnings = new ArrayList<>();
        reliances.forEach((store, what) -> {
            String mode = config.apply("bindery.state." + store + ".mode").orElse("embedded").toLowerCase(Locale.ROOT);
            String kind = config.apply("bindery.state." + store + ".type").filter("in-memory"::equals).isPresent()
                    ? "in memory"
                    : mode;
            if (!mode.equals("remote")) {
                warnings.add("State store '" + store + "' is " + kind + ", so in Lambda each instance has its own "
                        + (kind.equals("embedded") ? "copy (under /tmp): " : "copy: ") + String.join(" and ", what)
                        + " hold per instance only — two "
                        + "instances can both process one event or both insert one key. Share the store: set "
                        + "bindery.state." + store + ".mode=remote and bindery.state." + store + ".hotrod.servers, or "
                        + "deploy the SAM template with its StateServers parameter.");
            }
        });
        return warnings;
    }

    private static void rely(Map<String, List<String>> reliances, String store, String what) {
        reliances.computeIfAbsent(store, s -> new ArrayList<>()).add(what);
    }

    /** @return the component of {@code <prefix><component><suffix>} (unquoted), or null for another property */
    private static String component(String property, String prefix, String suffix) {
        if (!property.startsWith(prefix) || !property.endsWith(suffix)) {
            return null;
        }
        String name = property.substring(prefix.length(), property.length() - suffix.length());
        if (name.startsWith("\"") && name.endsWith("\"") && name.length() > 1) {
            return name.substring(1, name.length() - 1);
        }
        return name.isEmpty() || name.contains(".") ? null : name;
    }
}

package dev.bindery.lambda.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    /**
     * @param properties the application's {@code bindery.*} configuration
     * @param firstWriters store → the classes writing it first-write-wins, as the build found them
     * @return the warnings, one per store; empty when every such store is remote
     */
    public static List<String> of(Map<String, String> properties, Map<String, Set<String>> firstWriters) {
        Map<String, List<String>> reliances = new TreeMap<>();
        firstWriters.forEach((store, classes) -> rely(reliances, store, "first-write-wins writes (" + String.join(
                ", ", classes) + ")"));
        String stageStore = properties.getOrDefault("bindery.idempotency.store", DEFAULT_STORE);
        String transports = properties.getOrDefault("bindery.idempotency.transports", "");
        if (!transports.isBlank()) {
            rely(reliances, stageStore, "the idempotency stage on " + transports + " (bindery.idempotency.transports)");
        }
        properties.forEach((name, value) -> {
            String pubsub = component(name, "bindery.pubsub.", ".idempotency");
            if (pubsub != null && Boolean.parseBoolean(value)) {
                rely(reliances, properties.getOrDefault("bindery.pubsub." + pubsub + ".idempotency-store",
                        DEFAULT_STORE), "the idempotency of pub/sub component '" + pubsub + "' (" + name + ")");
            }
            String function = component(name, "bindery.functions.", ".idempotency");
            if (function != null && Boolean.parseBoolean(value)) {
                String own = properties.get(name + "-store");
                rely(reliances, own != null ? own : stageStore, "the idempotency of function '" + function + "' ("
                        + name + ")");
            }
        });
        List<String> warnings = new ArrayList<>();
        reliances.forEach((store, what) -> {
            String mode = properties.getOrDefault("bindery.state." + store + ".mode", "embedded").toLowerCase(
                    Locale.ROOT);
            String kind = "in-memory".equals(properties.get("bindery.state." + store + ".type")) ? "in memory" : mode;
            if (!mode.equals("remote")) {
                warnings.add("State store '" + store + "' is " + kind + ", so in Lambda each instance has its own "
                        + "copy (under /tmp): " + String.join(" and ", what) + " hold per instance only — two "
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

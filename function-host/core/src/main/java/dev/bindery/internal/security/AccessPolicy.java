package dev.bindery.internal.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.bindery.security.Caller;

/**
 * Which caller may invoke which function (Dapr's {@code accessControl}, per function instead of per HTTP path). A policy
 * is keyed by a caller: an app id, a token's name, a JWT's subject or one of its groups, a caller's prefixed id
 * ({@code app:orders}, which names that caller only), or {@code *} for every authenticated caller. Its rules map a
 * function name or glob ({@code *} matches any run of characters) to allow or deny; optional rules do the same for
 * event types, and an optional transport list limits the transports the caller may use.
 * <p>
 * Deciding: of the function rules of every policy that names the caller, the most specific match wins (an exact name
 * over a glob, a longer glob over a shorter one; deny over allow at the same specificity); with none, the default
 * action. An allowed event is still denied when the most specific event-type rule denies its type, or when a policy
 * naming the caller lists transports and not this one. Immutable.
 */
public final class AccessPolicy {

    /** A rule: a name or glob, and whether it allows. */
    public record Rule(String pattern, boolean allow) {
        public Rule {
            Objects.requireNonNull(pattern, "pattern");
        }

        boolean matches(String value) {
            return Globs.matches(pattern, value);
        }

        /** Exact names rank above every glob; among globs, more literal characters rank higher. */
        int specificity() {
            return pattern.indexOf('*') < 0 ? Integer.MAX_VALUE : pattern.length() - Globs.stars(pattern);
        }
    }

    /** The rules for one caller. */
    public record Policy(List<Rule> functions, List<Rule> types, Set<String> transports) {
        public Policy {
            functions = List.copyOf(functions);
            types = List.copyOf(types);
            transports = Set.copyOf(transports);
        }
    }

    /** A decision and, for the log only, why. */
    public record Decision(boolean allowed, String why) {
    }

    private final boolean defaultAllow;
    private final Map<String, Policy> policies;

    /**
     * @param defaultAllow the action when no rule matches
     * @param policies by caller key
     */
    public AccessPolicy(boolean defaultAllow, Map<String, Policy> policies) {
        this.defaultAllow = defaultAllow;
        this.policies = Map.copyOf(policies);
    }

    /** @return true when every caller may invoke every function (no policy, default allow): nothing to decide */
    public boolean allowsAll() {
        return defaultAllow && policies.isEmpty();
    }

    /** @return the policies by caller key */
    public Map<String, Policy> policies() {
        return policies;
    }

    /**
     * @param caller the verified caller
     * @param function the function, or null when the request matched none
     * @param type the event's type
     * @param transport the transport's name
     */
    public Decision decide(Caller caller, String function, String type, String transport) {
        if (allowsAll()) {
            return new Decision(true, "no policy");
        }
        List<Map.Entry<String, Policy>> applying = applying(caller);
        for (Map.Entry<String, Policy> policy : applying) {
            Set<String> transports = policy.getValue().transports();
            if (!transports.isEmpty() && !transports.contains(transport)) {
                return new Decision(false, "policy '" + policy.getKey() + "' does not list transport '" + transport
                        + "'");
            }
        }
        if (function == null) {
            return new Decision(defaultAllow || !applying.isEmpty(), "no function matched the request");
        }
        Match byFunction = best(applying, function, true);
        boolean allowed = byFunction == null ? defaultAllow : byFunction.rule.allow();
        if (!allowed) {
            return new Decision(false, byFunction == null
                    ? "the default action is deny"
                    : "policy '" + byFunction.key + "' denies function rule '" + byFunction.rule.pattern() + "'");
        }
        Match byType = type == null ? null : best(applying, type, false);
        if (byType != null && !byType.rule.allow()) {
            return new Decision(false, "policy '" + byType.key + "' denies event type rule '"
                    + byType.rule.pattern() + "'");
        }
        return new Decision(true, byFunction == null
                ? "the default action is allow"
                : "policy '" + byFunction.key + "' allows function rule '" + byFunction.rule.pattern() + "'");
    }

    private record Match(String key, Rule rule) {
    }

    private List<Map.Entry<String, Policy>> applying(Caller caller) {
        List<Map.Entry<String, Policy>> applying = new ArrayList<>(2);
        for (Map.Entry<String, Policy> policy : policies.entrySet()) {
            if (names(policy.getKey(), caller)) {
                applying.add(policy);
            }
        }
        return applying;
    }

    /**
     * A prefixed key names one kind of caller only: {@code app:orders} is not a JWT whose subject or group is spelled
     * {@code app:orders}, nor a token of that name.
     *
     * @param key a policy's key: a name, a group, a prefixed id or {@code *}
     * @return whether the key names the caller
     */
    public static boolean names(String key, Caller caller) {
        if (key.equals("*") || key.equals(caller.authId())) {
            return true;
        }
        return !prefixed(key) && (key.equals(caller.name()) || caller.groups().contains(key));
    }

    private static boolean prefixed(String key) {
        int colon = key.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String prefix = key.substring(0, colon);
        for (Caller.Kind kind : Caller.Kind.values()) {
            if (kind.name().toLowerCase(Locale.ROOT).equals(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static Match best(List<Map.Entry<String, Policy>> applying, String value, boolean functions) {
        Match best = null;
        for (Map.Entry<String, Policy> policy : applying) {
            for (Rule rule : functions ? policy.getValue().functions() : policy.getValue().types()) {
                if (!rule.matches(value)) {
                    continue;
                }
                if (best == null || rule.specificity() > best.rule.specificity()
                        || rule.specificity() == best.rule.specificity() && !rule.allow()) {
                    best = new Match(policy.getKey(), rule);
                }
            }
        }
        return best;
    }
}

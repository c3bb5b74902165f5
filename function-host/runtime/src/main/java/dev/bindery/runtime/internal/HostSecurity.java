package dev.bindery.runtime.internal;

import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

import dev.bindery.internal.security.AccessPolicy;
import dev.bindery.internal.security.ApiTokens;
import dev.bindery.internal.security.Authentication;
import dev.bindery.internal.security.Authenticator;
import dev.bindery.internal.security.Globs;
import dev.bindery.internal.security.SecurityStage;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.secrets.SecretRotated;
import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.spi.invocation.CallerCredentials;

/**
 * The security building block as configured: the security stage of the pipeline (API tokens, app tokens, JWTs, the
 * access policy), the app token sent with each service invocation, and what follows a rotated secret (the token values,
 * keys and trusted keys are read again, so a token is rotated without a restart). Every denial is logged once, with
 * the caller, the function and the reason, and counted in {@code bindery_access_denied_total}.
 */
@Singleton
public class HostSecurity implements Authenticator, CallerCredentials {

    private static final Logger LOG = Logger.getLogger(HostSecurity.class);
    /** The {@link SecurityIdentity} attribute holding the {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = "bindery.caller";

    private final BinderyConfig config;
    private final Set<String> functions;
    private final MeterRegistry meters;
    private final Instance<CurrentIdentityAssociation> associations;
    private final ApiTokens tokens = new ApiTokens(Clock.systemUTC());
    private final JwtAuthenticator jwt;
    private volatile AppTokens.Verifier apps;
    private volatile AppTokens.Signer signer;
    private final AccessPolicy policy;
    private final SecurityStage stage;

    HostSecurity(BinderyConfig config, FunctionCatalog catalog, MeterRegistry meters,
            Instance<CurrentIdentityAssociation> associations, Instance<ActorCatalog> actors) {
        this.config = config;
        this.associations = associations;
        java.util.Set<String> names = new java.util.HashSet<>();
        catalog.functions().forEach(function -> names.add(function.getName()));
        if (actors.isResolvable()) {
            actors.get().actors().forEach(actor -> names.addAll(actor.functionNames()));
        }
        this.functions = Set.copyOf(names);
        this.meters = meters;
        BinderyConfig.Security security = config.security();
        List<String> unknown = unknownFunctions(config.access(), functions);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(String.join("; ", unknown));
        }
        this.jwt = security.jwt().jwks().isPresent() ? new JwtAuthenticator(security.jwt()) : null;
        load(key -> null);
        if (security.enabled()) {
            LOG.infof("Security is on: %d API token(s)%s%s, default action %s, %d access polic%s%s",
                    security.tokens().size(), jwt == null ? "" : ", JWTs", apps == null ? "" : ", app tokens",
                    config.access().defaultAction(), config.access().policies().size(),
                    config.access().policies().size() == 1 ? "y" : "ies",
                    security.securityIdentity() ? "; the caller is the functions' SecurityIdentity" : "");
        }
        this.policy = policy(config.access());
        this.stage = new SecurityStage(security.enabled(), List.of(this), policy, this::denied,
                security.securityIdentity() ? this::identity : null);
    }

    /** @return the security stage of the pipeline */
    @Produces
    @Singleton
    Stage stage() {
        return stage;
    }

    /** @return the access policy as configured; a wrong action fails the start with the property named */
    static AccessPolicy policy(BinderyConfig.Access access) {
        Map<String, AccessPolicy.Policy> policies = new LinkedHashMap<>();
        access.policies().forEach((caller, policy) -> policies.put(caller, new AccessPolicy.Policy(
                rules(policy.functions(), "bindery.access.policies.\"" + caller + "\".functions"),
                rules(policy.types(), "bindery.access.policies.\"" + caller + "\".types"),
                Set.copyOf(policy.transports().orElse(List.of())))));
        return new AccessPolicy(allows(access.defaultAction(), "bindery.access.default-action"), policies);
    }

    /**
     * A policy rule naming a function that does not exist is a mistake, like a routing error: the build (and a start
     * with policies given at run time) fails.
     *
     * @return a message per function rule of the policies that matches no function
     */
    public static List<String> unknownFunctions(Map<String, Set<String>> functionRules, Set<String> functions) {
        List<String> unknown = new ArrayList<>();
        functionRules.forEach((caller, patterns) -> patterns.forEach(pattern -> {
            if (functions.stream().noneMatch(function -> Globs.matches(pattern, function))) {
                unknown.add("bindery.access.policies.\"" + caller + "\".functions.\"" + pattern + "\" matches no "
                        + "function of the application (its functions: " + new java.util.TreeSet<>(functions) + ")");
            }
        }));
        return unknown;
    }

    private static List<String> unknownFunctions(BinderyConfig.Access access, Set<String> functions) {
        Map<String, Set<String>> rules = new LinkedHashMap<>();
        access.policies().forEach((caller, policy) -> rules.put(caller, policy.functions().keySet()));
        return unknownFunctions(rules, functions);
    }

    /**
     * @param property a configuration property's name
     * @return the caller and the function pattern of a {@code bindery.access.policies.<caller>.functions.<pattern>}
     *         property (either may be quoted; the property may have a profile's prefix), or null for any other property
     */
    public static String[] policyFunctionRule(String property) {
        String prefix = "bindery.access.policies.";
        // a profile's policy (%secure.bindery.access…) is checked too: the build sees every profile
        String name = property.startsWith("%") && property.indexOf('.') > 0
                ? property.substring(property.indexOf('.') + 1)
                : property;
        if (!name.startsWith(prefix)) {
            return null;
        }
        String rest = name.substring(prefix.length());
        int end = rest.startsWith("\"") ? rest.indexOf('"', 1) + 1 : rest.indexOf('.');
        if (end <= 0 || !rest.startsWith(".functions.", end)) {
            return null;
        }
        String caller = unquote(rest.substring(0, end));
        String pattern = unquote(rest.substring(end + ".functions.".length()));
        return pattern.isEmpty() ? null : new String[]{caller, pattern};
    }

    private static String unquote(String name) {
        return name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                ? name.substring(1, name.length() - 1)
                : name;
    }

    private static List<AccessPolicy.Rule> rules(Map<String, String> rules, String property) {
        List<AccessPolicy.Rule> list = new ArrayList<>();
        rules.forEach((pattern, action) -> list.add(new AccessPolicy.Rule(pattern, allows(action, property + ".\""
                + pattern + "\""))));
        return list;
    }

    private static boolean allows(String action, String property) {
        return switch (action.strip().toLowerCase(Locale.ROOT)) {
            case "allow" -> true;
            case "deny" -> false;
            default -> throw new IllegalArgumentException(property + " must be allow or deny, not '" + action + "'");
        };
    }

    /**
     * The verified caller as the function's Quarkus {@link SecurityIdentity}: its principal is the caller's name, its
     * roles the caller's groups (what {@code @RolesAllowed} checks), and the attribute {@value #CALLER_ATTRIBUTE} the
     * {@link Caller}. Made current on the function's thread, in a request context of its own when none is active (an
     * event from a queue), ended when the function returns.
     */
    private Supplier<InvocationListener.Scope> identity(Caller caller) {
        SecurityIdentity identity = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(caller.name()))
                .addRoles(caller.groups()).addAttribute(CALLER_ATTRIBUTE, caller).build();
        return () -> {
            ManagedContext requests = Arc.container().requestContext();
            boolean activated = !requests.isActive();
            if (activated) {
                requests.activate();
            }
            associations.get().setIdentity(identity);
            return activated ? requests::terminate : InvocationListener.Scope.NONE;
        };
    }

    @Override
    public Authentication authenticate(String token) {
        Authentication result = tokens.authenticate(token);
        AppTokens.Verifier verifier = apps;
        if (result instanceof Authentication.Unrecognised && verifier != null) {
            result = verifier.authenticate(token);
        }
        if (result instanceof Authentication.Unrecognised && jwt != null) {
            result = jwt.authenticate(token);
        }
        return result;
    }

    /** @return what the security stage makes of credentials presented outside the pipeline (health, metrics) */
    Authentication verify(Credentials credentials) {
        return stage.authenticate(credentials);
    }

    /**
     * Admits a request outside the pipeline that acts on an actor of the type (the actors' HTTP API: state, timers,
     * reminders). When security is on, its credentials must be verified and the access policy must allow the caller at
     * least one of the type's methods over {@code transport}.
     *
     * @param functions the function names of the type's methods
     * @return null when admitted, else the denial (401 or 403), logged
     */
    Outcome.Denied admitToActor(Credentials credentials, String type, List<String> functions, String transport) {
        if (!config.security().enabled()) {
            return null;
        }
        // once: an app token is accepted once
        Authentication verified = stage.authenticate(credentials);
        if (verified instanceof Authentication.Refused refused) {
            LOG.infof("Denied a %s request to actor type %s from an unauthenticated sender: %s", transport, type,
                    refused.reason());
            return new Outcome.Denied(null, refused.reason(), true);
        }
        Caller caller = ((Authentication.Accepted) verified).caller();
        for (String function : functions) {
            if (policy.decide(caller, function, function, transport).allowed()) {
                return null;
            }
        }
        LOG.infof("Denied a %s request to actor type %s from %s: no policy allows it any of the type's methods",
                transport, type, caller.authId());
        return new Outcome.Denied(null, "The caller is not allowed to do this", false);
    }

    @Override
    public Map<String, String> headers(String callee, String function) {
        AppTokens.Signer current = signer;
        return current == null ? Map.of() : current.headers(callee, function);
    }

    /** A rotated secret may be a token's value or a key: every one is read again, as configured now. */
    void rotated(@Observes SecretRotated rotated) {
        var fresh = ConfigProvider.getConfig(HostSecurity.class.getClassLoader());
        try {
            load(property -> fresh.getOptionalValue(property, String.class).orElse(null));
        } catch (RuntimeException e) {
            LOG.errorf("The security settings could not be read again after secret '%s' of store '%s' rotated; the "
                    + "previous tokens and keys stay in use: %s", rotated.name(), rotated.store(), e.getMessage());
        }
    }

    /** Reads the tokens and keys; {@code fresh} gives a property's current value, or null to keep the mapping's. */
    private void load(java.util.function.UnaryOperator<String> fresh) {
        BinderyConfig.Security security = config.security();
        List<ApiTokens.Token> list = new ArrayList<>();
        security.tokens().forEach((name, token) -> {
            try {
                list.add(new ApiTokens.Token(name, value(fresh, "bindery.security.tokens", name, "value",
                        token.value()), token.expires().orElse(null)));
            } catch (RuntimeException unreadable) {
                // a token whose secret is gone is no longer accepted; the others stay valid
                LOG.errorf("API token '%s' is no longer accepted: its value cannot be read (%s)", name,
                        unreadable.getMessage());
            }
        });
        tokens.replace(list);
        BinderyConfig.AppIdentity identity = security.appIdentity();
        Map<String, PublicKey> trusted = new LinkedHashMap<>();
        identity.trusted().forEach((app, key) -> {
            String option = "bindery.security.app-identity.trusted.\"" + app + "\".public-key";
            trusted.put(app, AppTokens.publicKey(value(fresh, "bindery.security.app-identity.trusted", app,
                    "public-key", key.publicKey()), option));
        });
        apps = trusted.isEmpty()
                ? null
                : new AppTokens.Verifier(config.appId(), trusted, security.jwt().clockSkew());
        signer = identity.privateKey().map(pem -> new AppTokens.Signer(config.appId(), AppTokens.privateKey(
                valueOf(fresh, "bindery.security.app-identity.private-key", pem),
                "bindery.security.app-identity.private-key"), identity.tokenTtl())).orElse(null);
    }

    private static String value(java.util.function.UnaryOperator<String> fresh, String prefix, String name,
            String option, String asStarted) {
        String value = fresh.apply(prefix + "." + name + "." + option);
        if (value == null) {
            value = fresh.apply(prefix + ".\"" + name + "\"." + option);
        }
        return value == null ? asStarted : value;
    }

    private static String valueOf(java.util.function.UnaryOperator<String> fresh, String property, String asStarted) {
        String value = fresh.apply(property);
        return value == null ? asStarted : value;
    }

    private void denied(Outcome.Denied denied, DispatchRequest request, Caller caller, String why) {
        String function = denied.name() != null && functions.contains(denied.name()) ? denied.name() : "none";
        String reason = denied.unauthenticated() ? "unauthenticated" : "forbidden";
        Counter.builder("bindery.access.denied").description("Events refused by the security stage")
                .tag("function", function).tag("transport", request.transport()).tag("reason", reason)
                .register(meters).increment();
        LOG.infof("Denied %s event %s (type %s) for function %s from %s: %s", request.transport(),
                request.event().getId(), request.event().getType(), denied.name() == null
                        ? "(none matched)"
                        : denied.name(),
                caller == null ? "an unauthenticated sender" : caller.authId(), why);
    }
}

package dev.bindery.examples.security;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.bindery.examples.secrets.SecretFiles;

/**
 * Security on, as a production profile would have it: API tokens read from a secret file (rotated by rewriting it),
 * JWTs from {@link IdentityProvider}, {@code default-action=deny} and a policy per caller.
 */
public class SecuritySetup implements QuarkusTestResourceLifecycleManager {

    static final Path TOKENS = Path.of("target", "test-security", "tokens.json");
    static final String OLD = "old-token-7f3a9c";
    static final String NEW = "new-token-b21e44";
    static final String CALLER_A = "caller-a-token-5d8e01";
    static final String EXPIRED = "expired-token-99c0aa";
    private static final Map<String, Map<String, String>> CONTENT = new ConcurrentHashMap<>();
    static IdentityProvider idp;

    @Override
    public Map<String, String> start() {
        idp = new IdentityProvider();
        CONTENT.clear();
        CONTENT.putAll(Map.of("ci-old", Map.of("token", OLD), "ci-new", Map.of("token", NEW),
                "caller-a", Map.of("token", CALLER_A), "expired", Map.of("token", EXPIRED)));
        write();
        return Map.ofEntries(
                Map.entry("bindery.security.enabled", "true"),
                Map.entry("bindery.secrets.tokens.type", "file"),
                Map.entry("bindery.secrets.tokens.path", TOKENS.toString()),
                Map.entry("bindery.secrets.tokens.multi-valued", "true"),
                Map.entry("bindery.secrets.tokens.watch-interval", "100ms"),
                Map.entry("bindery.secrets.tokens.cache-ttl", "300ms"),
                Map.entry("bindery.security.tokens.ci-old.value", "${secret:tokens/ci-old#token}"),
                Map.entry("bindery.security.tokens.ci-new.value", "${secret:tokens/ci-new#token}"),
                Map.entry("bindery.security.tokens.caller-a.value", "${secret:tokens/caller-a#token}"),
                Map.entry("bindery.security.tokens.expired.value", "${secret:tokens/expired#token}"),
                Map.entry("bindery.security.tokens.expired.expires", "2020-01-01T00:00:00Z"),
                Map.entry("bindery.security.jwt.jwks", idp.jwksUrl()),
                Map.entry("bindery.security.jwt.issuer", IdentityProvider.ISSUER),
                Map.entry("bindery.security.jwt.audiences", IdentityProvider.AUDIENCE),
                Map.entry("bindery.access.default-action", "deny"),
                Map.entry("bindery.access.policies.ci-old.functions.\"*\"", "allow"),
                Map.entry("bindery.access.policies.ci-new.functions.\"*\"", "allow"),
                Map.entry("bindery.access.policies.caller-a.functions.greet", "allow"),
                Map.entry("bindery.access.policies.caller-a.functions.whoAmI", "allow"),
                Map.entry("bindery.access.policies.caller-a.functions.placeOrder", "deny"),
                Map.entry("bindery.access.policies.admins.functions.\"*\"", "allow"),
                Map.entry("bindery.access.policies.alice.functions.greet", "allow"));
    }

    /** Rotates a token's value: the secret file is rewritten, the others as they are. */
    static synchronized void rotate(String name, String value) {
        CONTENT.put(name, Map.of("token", value));
        write();
    }

    private static void write() {
        SecretFiles.write(TOKENS, CONTENT);
    }

    @Override
    public void stop() {
        if (idp != null) {
            idp.close();
        }
    }
}

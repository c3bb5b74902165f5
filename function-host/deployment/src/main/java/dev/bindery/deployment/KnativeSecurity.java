package dev.bindery.deployment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.microprofile.config.Config;

import io.smallrye.config.SmallRyeConfig;

/**
 * What the Knative manifests carry of the security settings the build sees. With {@code bindery.security.enabled} on,
 * the container gets {@code BINDERY_SECURITY_ENABLED=true}, the build's profiles as {@code QUARKUS_PROFILE} when they
 * are not just {@code prod} (so the Service runs with the policies and token references it was built with), and
 * {@code BINDERY_SECURITY_OBSERVABILITY=open}: Knative's probes (the kubelet's, and queue-proxy's rewritten readiness
 * probe) cannot send a credential, and Knative probes the serving port only. With JWTs configured, every Trigger and
 * source asks Knative Eventing's OIDC for a token of the first of {@code bindery.security.jwt.audiences}. Token values
 * are never read here: they reach the container through the secret stores ({@link KnativeSecrets}).
 *
 * @param enabled whether security is on in the build's configuration
 * @param profiles the build's profiles
 * @param audience the audience Eventing's OIDC tokens for the Service name, when JWTs are verified
 */
public record KnativeSecurity(boolean enabled, List<String> profiles, Optional<String> audience) {

    /** Security off: nothing to carry. */
    public static final KnativeSecurity OFF = new KnativeSecurity(false, List.of("prod"), Optional.empty());

    /** @return the security settings in the configuration as the build sees it */
    public static KnativeSecurity of(Config config) {
        boolean enabled = config.getOptionalValue("bindery.security.enabled", Boolean.class).orElse(false);
        // SmallRye lists the profiles by priority, the reverse of how QUARKUS_PROFILE names them (the last one wins)
        List<String> profiles = new ArrayList<>(config.unwrap(SmallRyeConfig.class).getProfiles());
        Collections.reverse(profiles);
        Optional<String> audience = enabled && config.getOptionalValue("bindery.security.jwt.jwks", String.class)
                .isPresent()
                        ? config.getOptionalValues("bindery.security.jwt.audiences", String.class).flatMap(all -> all
                                .stream().findFirst())
                        : Optional.empty();
        return new KnativeSecurity(enabled, List.copyOf(profiles), audience);
    }

    /** @return the container's {@code env} entries for security (none when it is off) */
    public List<Map<String, Object>> env() {
        List<Map<String, Object>> env = new ArrayList<>();
        if (!enabled) {
            return env;
        }
        if (!profiles.equals(List.of("prod"))) {
            env.add(Map.of("name", "QUARKUS_PROFILE", "value", String.join(",", profiles)));
        }
        env.add(Map.of("name", "BINDERY_SECURITY_ENABLED", "value", "true"));
        env.add(Map.of("name", "BINDERY_SECURITY_OBSERVABILITY", "value", "open"));
        return env;
    }
}

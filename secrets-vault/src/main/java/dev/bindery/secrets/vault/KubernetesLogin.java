package dev.bindery.secrets.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code auth=kubernetes}: logs in with the pod's service account token (read again at every login, as Kubernetes
 * rotates projected tokens) and keeps the Vault token it gets until four fifths of its lease have passed, or until Vault
 * refuses it; then logs in again.
 */
final class KubernetesLogin implements VaultCredentials {

    private final String store;
    private final VaultHttp http;
    private final String role;
    private final Path jwtPath;
    private final String loginPath;
    private final Clock clock;

    private String token;
    /** When the token is renewed; null for a token without a lease end. */
    private Instant renewAt;

    KubernetesLogin(String store, VaultHttp http, String role, Path jwtPath, String authPath, Clock clock) {
        this.store = store;
        this.http = http;
        this.role = role;
        this.jwtPath = jwtPath;
        this.loginPath = "auth/" + VaultPaths.trim(authPath) + "/login";
        this.clock = clock;
    }

    @Override
    public synchronized String token() {
        if (token == null || renewAt != null && !clock.instant().isBefore(renewAt)) {
            login();
        }
        return token;
    }

    @Override
    public synchronized boolean renewAfterDenial(String refused) {
        if (refused.equals(token)) {
            token = null;
        }
        return true;
    }

    private void login() {
        Instant now = clock.instant();
        String jwt = jwt();
        VaultHttp.Answer answer = http.send(loginPath, false, null,
                VaultHttp.object().put("role", role).put("jwt", jwt));
        JsonNode auth = answer.body().path("auth");
        String fresh = auth.path("client_token").asText("");
        if (answer.status() != 200 || fresh.isEmpty()) {
            String reasons = answer.reasons().replace(jwt, "<jwt>");
            throw new VaultException("Secret store '" + store + "': Vault refused the Kubernetes login of role '"
                    + role + "' at " + loginPath + " (" + answer.status() + (reasons.isEmpty() ? "" : ": " + reasons)
                    + "); check the role's bound service account and namespace", answer.status(), null);
        }
        long lease = auth.path("lease_duration").asLong(0);
        token = fresh;
        renewAt = lease > 0 ? now.plus(Duration.ofSeconds(lease).multipliedBy(4).dividedBy(5)) : null;
    }

    private String jwt() {
        try {
            return Files.readString(jwtPath, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new VaultException("Secret store '" + store + "': the service account token " + jwtPath
                    + " cannot be read (" + e.getClass().getSimpleName() + "); is the pod's token mounted?",
                    VaultException.NO_ANSWER, null);
        }
    }
}

package dev.bindery.secrets.vault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

import dev.bindery.options.DurationConverter;

/**
 * The options of a {@code type=vault} secret store, {@code bindery.secrets.<store>.*} (besides the host's own, such as
 * {@code cache-ttl}): each declared once, with its default, and read with {@code EngineOptions}.
 */
@ConfigMapping
interface VaultOptions {

    /** Vault's URL, such as {@code https://vault.example.com:8200}. */
    URI address();

    /** The path the KV version 2 secrets engine is mounted at. */
    @WithDefault("secret")
    String mount();

    /** Prepended to every secret name (a folder, such as {@code apps/orders/}); names are listed relative to it. */
    Optional<String> pathPrefix();

    /** The Vault Enterprise namespace, sent as {@code X-Vault-Namespace}. */
    Optional<String> namespace();

    /** How the store logs in: {@code token} or {@code kubernetes}. */
    @WithDefault("token")
    Auth auth();

    /** The token of {@code auth=token}, usually {@code ${secret:env/VAULT_TOKEN}}; default the VAULT_TOKEN variable. */
    Optional<String> token();

    /** The Vault role of {@code auth=kubernetes}. */
    Optional<String> kubernetesRole();

    /** The service account token {@code auth=kubernetes} logs in with. */
    @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/token")
    Path kubernetesTokenPath();

    /** The path the Kubernetes auth method is mounted at. */
    @WithDefault("kubernetes")
    String kubernetesAuthPath();

    /** How long a call to Vault (connecting included) may take. */
    @WithDefault("5s")
    @WithConverter(DurationConverter.class)
    Duration timeout();

    /** How the store logs in to Vault. */
    enum Auth {
        /** A Vault token given as an option or in the VAULT_TOKEN variable. */
        TOKEN,
        /** The pod's service account token, exchanged for a Vault token by Vault's Kubernetes auth method. */
        KUBERNETES
    }
}

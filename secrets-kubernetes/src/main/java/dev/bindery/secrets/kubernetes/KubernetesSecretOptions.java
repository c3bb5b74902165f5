package dev.bindery.secrets.kubernetes;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The options of a {@code type=kubernetes} secret store, {@code bindery.secrets.<store>.*} (besides the host's own, such
 * as scoping and caching): each declared once, with its default, and read with {@code EngineOptions}.
 */
@ConfigMapping
interface KubernetesSecretOptions {

    /** The namespace whose Secrets are read; default the client's: the pod's own in a cluster, else the kubeconfig's. */
    Optional<String> namespace();

    /** The Kubernetes API server's URL; default the client's (in a cluster, the service account's API server). */
    Optional<URI> masterUrl();

    /** Whether a Kubernetes watch on the namespace's Secrets tells the host of changes at once. */
    @WithDefault("true")
    boolean watch();

    /** Limits the store to the Secrets with these labels (a Kubernetes label selector, such as {@code app=orders}). */
    Optional<String> labelSelector();
}

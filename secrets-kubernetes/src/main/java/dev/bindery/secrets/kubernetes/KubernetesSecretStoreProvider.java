package dev.bindery.secrets.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.bindery.options.EngineOptions;
import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * Opens {@code kubernetes} secret stores: the Secrets of one namespace, read through the Kubernetes API with the
 * fabric8 client, with the options of {@link KubernetesSecretOptions}. The client is configured as fabric8 finds it
 * (in a cluster, the pod's service account; else the kubeconfig), then the options override it.
 */
public final class KubernetesSecretStoreProvider implements SecretStoreProvider {

    public static final String TYPE = "kubernetes";

    /*
     * fabric8 retries a failed request (no connection, 5xx) ten times with doubling waits, over a minute in all; the
     * host caches, serves stale values and reads again on its own schedule, so one read gives up after two retries.
     */
    private static final int REQUEST_RETRIES = 2;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SecretBackend open(SecretStoreSettings settings) {
        String prefix = "bindery.secrets." + settings.store();
        KubernetesSecretOptions options = EngineOptions.read(KubernetesSecretOptions.class, prefix, settings.options());
        ConfigBuilder config = new ConfigBuilder(Config.autoConfigure(null))
                .withRequestRetryBackoffLimit(REQUEST_RETRIES);
        options.masterUrl().ifPresent(url -> config.withMasterUrl(url.toString()));
        options.namespace().ifPresent(config::withNamespace);
        Config built = config.build();
        if (built.getNamespace() == null || built.getNamespace().isBlank()) {
            throw new IllegalArgumentException(prefix + ".namespace is not set and the Kubernetes client has no "
                    + "namespace of its own (no pod namespace file, no namespace in the kubeconfig's context)");
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(built).build();
        return new KubernetesSecretBackend(settings.store(), client, built.getNamespace(),
                options.labelSelector().orElse(null), options.watch());
    }
}

package dev.bindery.secrets.vault;

import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.bindery.options.EngineOptions;
import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * Opens {@code vault} secret stores: HashiCorp Vault's KV version 2 engine over HTTP, with the options of
 * {@link VaultOptions}. Opening reads no secret and does not log in: the first read does.
 */
public final class VaultSecretStoreProvider implements SecretStoreProvider {

    public static final String TYPE = "vault";

    private final Clock clock;
    private final UnaryOperator<String> environment;

    /** The provider {@link java.util.ServiceLoader} finds: the system clock and environment. */
    public VaultSecretStoreProvider() {
        this(Clock.systemUTC(), System::getenv);
    }

    VaultSecretStoreProvider(Clock clock, UnaryOperator<String> environment) {
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SecretBackend open(SecretStoreSettings settings) {
        String prefix = "bindery.secrets." + settings.store();
        VaultOptions options = EngineOptions.read(VaultOptions.class, prefix, settings.options());
        VaultHttp http = new VaultHttp(settings.store(), options.address(), options.namespace(), options.timeout());
        VaultCredentials credentials = switch (options.auth()) {
            case TOKEN -> new VaultCredentials.Fixed(options.token()
                    .or(() -> Optional.ofNullable(environment.apply("VAULT_TOKEN")).filter(t -> !t.isBlank()))
                    .orElseThrow(() -> new IllegalArgumentException(prefix + ".token is not set and neither is "
                            + "VAULT_TOKEN: set one, or log in with " + prefix + ".auth=kubernetes")));
            case KUBERNETES -> new KubernetesLogin(settings.store(), http, options.kubernetesRole()
                    .orElseThrow(() -> new IllegalArgumentException(prefix + ".kubernetes-role is needed with "
                            + prefix + ".auth=kubernetes: the Vault role bound to this pod's service account")),
                    options.kubernetesTokenPath(), options.kubernetesAuthPath(), clock);
        };
        return new VaultSecretStore(settings.store(), http,
                VaultPaths.of(options.mount(), options.pathPrefix().orElse("")), credentials);
    }
}

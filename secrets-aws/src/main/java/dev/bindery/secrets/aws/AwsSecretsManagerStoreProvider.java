package dev.bindery.secrets.aws;

import dev.bindery.options.EngineOptions;
import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Opens {@code type=aws-secrets-manager} stores, with the options of {@link SecretsManagerOptions}. */
public final class AwsSecretsManagerStoreProvider implements SecretStoreProvider {

    public static final String TYPE = "aws-secrets-manager";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SecretBackend open(SecretStoreSettings settings) {
        String prefix = "bindery.secrets." + settings.store();
        SecretsManagerOptions options = EngineOptions.read(SecretsManagerOptions.class, prefix, settings.options());
        LazyClient<SecretsManagerClient> client = AwsClients.build(SecretsManagerClient.builder(), options, prefix);
        return new AwsSecretsManagerStore(client, options.versionStage(), new AwsFailures(settings.store(), TYPE));
    }
}

package dev.bindery.secrets.aws;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.bindery.spi.secrets.SecretBackend;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * Reads AWS Secrets Manager: a secret is read with GetSecretValue at one staging label; a JSON object as SecretString
 * is its keys, any other SecretString one key, the name, and so is a SecretBinary, as base64 text.
 */
final class AwsSecretsManagerStore implements SecretBackend {

    private final LazyClient<SecretsManagerClient> client;
    private final String versionStage;
    private final AwsFailures failures;

    AwsSecretsManagerStore(LazyClient<SecretsManagerClient> client, String versionStage, AwsFailures failures) {
        this.client = client;
        this.versionStage = versionStage;
        this.failures = failures;
    }

    @Override
    public Optional<Map<String, String>> get(String name) {
        GetSecretValueResponse secret;
        try {
            secret = client.get().getSecretValue(request -> request.secretId(name).versionStage(versionStage));
        } catch (ResourceNotFoundException missing) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw failures.reading(name, "GetSecretValue", e);
        }
        if (secret.secretString() != null) {
            return Optional.of(SecretStrings.keys(name, secret.secretString()));
        }
        if (secret.secretBinary() != null) {
            return Optional.of(Map.of(name, Base64.getEncoder().encodeToString(secret.secretBinary().asByteArray())));
        }
        throw new AwsSecretStoreException("Secret '" + name + "' has neither a SecretString nor a SecretBinary at "
                + versionStage, null);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        try {
            client.get().listSecretsPaginator(request -> request.maxResults(100)).stream()
                    .flatMap(page -> page.secretList().stream())
                    .map(SecretListEntry::name)
                    .forEach(names::add);
        } catch (RuntimeException e) {
            throw failures.listing("ListSecrets", e);
        }
        return names;
    }

    @Override
    public void close() {
        client.close();
    }
}

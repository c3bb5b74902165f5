package dev.bindery.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;

import dev.bindery.spi.secrets.SecretStoreProvider;

class AwsStoreProvidersTest {

    @Test
    void bothStoreTypesAreFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(SecretStoreProvider.class).stream().map(p -> p.get().type()))
                .contains(AwsSecretsManagerStoreProvider.TYPE, AwsSsmStoreProvider.TYPE);
    }
}

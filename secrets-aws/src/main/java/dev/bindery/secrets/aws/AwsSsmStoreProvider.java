package dev.bindery.secrets.aws;

import dev.bindery.options.EngineOptions;
import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

import software.amazon.awssdk.services.ssm.SsmClient;

/** Opens {@code type=aws-ssm} stores, with the options of {@link SsmOptions}. */
public final class AwsSsmStoreProvider implements SecretStoreProvider {

    public static final String TYPE = "aws-ssm";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SecretBackend open(SecretStoreSettings settings) {
        String prefix = "bindery.secrets." + settings.store();
        SsmOptions options = EngineOptions.read(SsmOptions.class, prefix, settings.options());
        String path = options.path().map(p -> p.endsWith("/") ? p : p + "/").orElse("");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException(prefix + ".path='" + options.path().orElseThrow()
                    + "': a Parameter Store hierarchy starts with /, such as /myapp/");
        }
        LazyClient<SsmClient> client = AwsClients.build(SsmClient.builder(), options, prefix);
        return new AwsSsmStore(client, path, new AwsFailures(settings.store(), TYPE));
    }
}

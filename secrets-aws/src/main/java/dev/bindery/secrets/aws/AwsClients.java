package dev.bindery.secrets.aws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** Builds the SDK client of a store from its {@link AwsClientOptions}. */
final class AwsClients {

    private AwsClients() {
    }

    /**
     * Checks the options now and builds the client on its first use.
     *
     * @param prefix {@code bindery.secrets.<store>}, to name options in messages
     * @throws IllegalArgumentException when no region is set or found, or only half of a key pair is given
     */
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkAutoCloseable> LazyClient<C> build(
            B builder, AwsClientOptions options, String prefix) {
        // the JDK's URL connection: no Apache or Netty client on the class path, and a fast start on Lambda
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        builder.region(options.region().map(Region::of).orElseGet(() -> defaultRegion(prefix)));
        options.endpointOverride().ifPresent(builder::endpointOverride);
        if (options.accessKeyId().isPresent() != options.secretAccessKey().isPresent()) {
            throw new IllegalArgumentException(prefix + ".access-key-id and " + prefix
                    + ".secret-access-key go together: set both, or neither to use the SDK's credentials chain");
        }
        // without a key pair the client makes (and closes) the SDK's default credentials chain itself
        options.accessKeyId().ifPresent(id -> builder.credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(id, options.secretAccessKey().orElseThrow()))));
        return new LazyClient<>(builder::build);
    }

    private static Region defaultRegion(String prefix) {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException(prefix + ".region is not set and the SDK's region chain found none:"
                    + " set it, or AWS_REGION", e);
        }
    }
}

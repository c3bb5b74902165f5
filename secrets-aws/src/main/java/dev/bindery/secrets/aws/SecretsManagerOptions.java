package dev.bindery.secrets.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The options of a {@code type=aws-secrets-manager} store, besides those of {@link AwsClientOptions}. */
@ConfigMapping
interface SecretsManagerOptions extends AwsClientOptions {

    /** The staging label of the version read, such as {@code AWSPREVIOUS}. */
    @WithDefault("AWSCURRENT")
    String versionStage();
}

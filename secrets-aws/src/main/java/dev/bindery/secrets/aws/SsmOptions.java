package dev.bindery.secrets.aws;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The options of a {@code type=aws-ssm} store, besides those of {@link AwsClientOptions}. */
@ConfigMapping
interface SsmOptions extends AwsClientOptions {

    /** A hierarchy such as {@code /myapp/} that secret names are relative to; default none (names are absolute). */
    Optional<String> path();
}

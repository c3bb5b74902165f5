package dev.bindery.secrets.aws;

import java.net.URI;
import java.util.Optional;

/**
 * The options both AWS store types share, {@code bindery.secrets.<store>.*}: where the client connects and as whom.
 * Each type's own mapping extends this one.
 */
interface AwsClientOptions {

    /** The AWS region; default the SDK's region chain ({@code AWS_REGION}, which Lambda sets, then the profile). */
    Optional<String> region();

    /** The service's URL instead of the region's public one, such as a VPC endpoint. */
    Optional<URI> endpointOverride();

    /** An access key id (usually a {@code ${secret:env/...}} reference); default the SDK's credentials chain. */
    Optional<String> accessKeyId();

    /** The secret access key that goes with {@code access-key-id}. */
    Optional<String> secretAccessKey();
}

package dev.bindery.secrets.aws;

/**
 * An AWS store that could not be read. Its message names the store, the secret and AWS's error code; its causes are
 * {@link AwsFailures.Redacted} copies of the SDK's exceptions, since those can quote the answer, which holds values.
 */
final class AwsSecretStoreException extends RuntimeException {

    AwsSecretStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

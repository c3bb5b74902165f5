package dev.bindery.secrets.aws;

import java.util.Set;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Turns the SDK's exceptions into {@link AwsSecretStoreException}s that say which store, secret and AWS error, and
 * never carry a value: the SDK's own messages can quote the answer (a JSON parser quotes the text it choked on), so
 * only AWS's error details and the network's messages are kept.
 */
final class AwsFailures {

    /** The error codes of credentials or permissions that do not allow the call. */
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "UnrecognizedClientException",
            "InvalidSignatureException", "ExpiredTokenException", "IncompleteSignature", "InvalidClientTokenId",
            "MissingAuthenticationToken", "KMS.AccessDeniedException");

    private final String store;
    private final String type;

    AwsFailures(String store, String type) {
        this.store = store;
        this.type = type;
    }

    /** @param operation the AWS operation that failed, such as {@code GetSecretValue} */
    AwsSecretStoreException reading(String secret, String operation, RuntimeException e) {
        return new AwsSecretStoreException("Secret store '" + store + "' (" + type + ") could not read secret '" + secret
                + "': " + describe(operation, e), redact(e));
    }

    /** @param operation the AWS operation that failed, such as {@code ListSecrets} */
    AwsSecretStoreException listing(String operation, RuntimeException e) {
        return new AwsSecretStoreException("Secret store '" + store + "' (" + type + ") could not list its secrets: "
                + describe(operation, e), redact(e));
    }

    private static String describe(String operation, RuntimeException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String answer = operation + " answered " + (code == null ? "an error" : code) + " (HTTP "
                    + service.statusCode() + ", request id " + service.requestId() + ")";
            if (service.statusCode() == 403 || code != null && DENIED.contains(code)) {
                return answer + ": check the credentials and that they may call " + operation;
            }
            if (service.isThrottlingException()) {
                return answer + ": AWS throttled the call, still so after the SDK's retries";
            }
            return answer;
        }
        return operation + " got no answer from AWS (" + chain(e) + ")";
    }

    /** @return the classes of the chain, with the network's messages (hosts, ports, timeouts) where there are some */
    private static String chain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(chain.isEmpty() ? "" : " caused by ").append(t.getClass().getSimpleName());
            if (fromTheNetwork(t) && t.getMessage() != null) {
                chain.append(": ").append(t.getMessage());
            }
        }
        return chain.toString();
    }

    private static boolean fromTheNetwork(Throwable t) {
        String type = t.getClass().getName();
        return type.startsWith("java.net.") || type.startsWith("javax.net.");
    }

    /** @return a copy of the chain that keeps each exception's class, stack trace and only its safe details */
    static Throwable redact(Throwable e) {
        if (e == null) {
            return null;
        }
        String details = "";
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            AwsErrorDetails error = service.awsErrorDetails();
            details = ": " + error.errorCode() + " (HTTP " + service.statusCode() + ", request id " + service.requestId()
                    + ")" + (error.errorMessage() == null ? "" : " " + error.errorMessage());
        } else if (fromTheNetwork(e) && e.getMessage() != null) {
            details = ": " + e.getMessage();
        }
        Redacted copy = new Redacted(e.getClass().getName() + details, redact(e.getCause()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** An SDK exception with its message left out; its own message names the original's class. */
    static final class Redacted extends RuntimeException {

        Redacted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

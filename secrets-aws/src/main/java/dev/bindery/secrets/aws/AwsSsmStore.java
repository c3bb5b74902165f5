package dev.bindery.secrets.aws;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.bindery.spi.secrets.SecretBackend;

import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Reads SSM Parameter Store, decrypting SecureStrings. A parameter is a secret with one key, its name; a name that is
 * no parameter but a hierarchy ({@code db} for {@code /myapp/db/user} and {@code /myapp/db/password}) is a secret whose
 * keys are the parameters under it, by their names relative to it.
 */
final class AwsSsmStore implements SecretBackend {

    private final LazyClient<SsmClient> client;
    /** Ends with {@code /}; empty when names are absolute. */
    private final String path;
    private final AwsFailures failures;

    AwsSsmStore(LazyClient<SsmClient> client, String path, AwsFailures failures) {
        this.client = client;
        this.path = path;
        this.failures = failures;
    }

    @Override
    public Optional<Map<String, String>> get(String name) {
        String parameter = path + (path.isEmpty() ? name : stripLeadingSlash(name));
        try {
            String value = client.get().getParameter(request -> request.name(parameter).withDecryption(true))
                    .parameter().value();
            return Optional.of(Map.of(name, value));
        } catch (ParameterNotFoundException notAParameter) {
            return hierarchy(name, parameter);
        } catch (RuntimeException e) {
            throw failures.reading(name, "GetParameter", e);
        }
    }

    /** @return the parameters under {@code parameter/}, by their names below it; empty when there are none */
    private Optional<Map<String, String>> hierarchy(String name, String parameter) {
        if (!parameter.startsWith("/")) {
            return Optional.empty(); // only names that start with / form hierarchies
        }
        String below = parameter.endsWith("/") ? parameter : parameter + "/";
        Map<String, String> keys = new TreeMap<>();
        try {
            client.get().getParametersByPathPaginator(request -> request.path(below).recursive(true).withDecryption(true))
                    .stream()
                    .flatMap(page -> page.parameters().stream())
                    .forEach(found -> keys.put(found.name().substring(below.length()), found.value()));
        } catch (RuntimeException e) {
            throw failures.reading(name, "GetParametersByPath", e);
        }
        return keys.isEmpty() ? Optional.empty() : Optional.of(keys);
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        try {
            // names only: no decryption, so listing needs no kms:Decrypt
            client.get().getParametersByPathPaginator(request -> request.path(path.isEmpty() ? "/" : path).recursive(true))
                    .stream()
                    .flatMap(page -> page.parameters().stream())
                    .map(Parameter::name)
                    .forEach(found -> names.add(found.substring(path.length())));
        } catch (RuntimeException e) {
            throw failures.listing("GetParametersByPath", e);
        }
        return names;
    }

    private static String stripLeadingSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    @Override
    public void close() {
        client.close();
    }
}

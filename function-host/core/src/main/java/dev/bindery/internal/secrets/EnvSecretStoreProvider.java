package dev.bindery.internal.secrets;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * {@code type=env}: the process's environment variables. Option {@code prefix} limits the store to the variables that
 * start with it and removes it from the names (Dapr's local.env store does the same). A secret has one key, its name.
 * The host's own credentials (API and app tokens, the AWS secret key and session token, a Vault token) are never
 * exposed, whatever the prefix.
 */
public final class EnvSecretStoreProvider implements SecretStoreProvider {

    /** Variables that carry the host's own credentials. */
    static final Set<String> HIDDEN = Set.of("BINDERY_API_TOKEN", "BINDERY_APP_TOKEN", "DAPR_API_TOKEN",
            "APP_API_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "VAULT_TOKEN");
    private static final Set<String> OPTIONS = Set.of("prefix");

    private final Supplier<Map<String, String>> environment;

    public EnvSecretStoreProvider() {
        this(System::getenv);
    }

    EnvSecretStoreProvider(Supplier<Map<String, String>> environment) {
        this.environment = environment;
    }

    @Override
    public String type() {
        return "env";
    }

    @Override
    public SecretBackend open(SecretStoreSettings settings) {
        BackendOptions options = new BackendOptions(settings, OPTIONS);
        String prefix = options.option("prefix", "");
        return new SecretBackend() {
            @Override
            public Optional<Map<String, String>> get(String name) {
                String variable = prefix + name;
                if (hidden(variable)) {
                    return Optional.empty();
                }
                String value = environment.get().get(variable);
                return value == null ? Optional.empty() : Optional.of(Map.of(name, value));
            }

            @Override
            public Set<String> names() {
                Set<String> names = new TreeSet<>();
                for (String variable : environment.get().keySet()) {
                    if (variable.startsWith(prefix) && variable.length() > prefix.length() && !hidden(variable)) {
                        names.add(variable.substring(prefix.length()));
                    }
                }
                return names;
            }
        };
    }

    private static boolean hidden(String variable) {
        return HIDDEN.contains(variable) || variable.startsWith("BINDERY_API_TOKEN_");
    }
}

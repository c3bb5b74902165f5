package dev.bindery.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreSettings;
import dev.bindery.testing.SecretStoreContract;

/**
 * The {@code env} store. The process's real environment cannot change under a running JVM, so the contract runs on a
 * map standing in for it; {@code SecretsConfigTest} reads the real environment that Surefire gives the test JVM.
 */
class EnvSecretStoreTest extends SecretStoreContract {

    private final Map<String, String> environment = new ConcurrentHashMap<>();
    private volatile boolean broken;

    @Override
    protected SecretBackend open(Map<String, Map<String, String>> secrets) {
        secrets.forEach((name, keys) -> environment.put("APP_" + name, keys.get(name)));
        environment.put("OTHER", "not in the store");
        return new EnvSecretStoreProvider(() -> {
            if (broken) {
                throw new IllegalStateException("environment unreadable");
            }
            return environment;
        }).open(new SecretStoreSettings("env", Map.of("prefix", "APP_")));
    }

    @Override
    protected void rotate(String name, Map<String, String> keys) {
        environment.put("APP_" + name, keys.get(name));
    }

    @Override
    protected void breakStore() {
        broken = true;
    }

    @Override
    protected boolean multipleKeys() {
        return false;
    }

    @Test
    void thePrefixFiltersAndTheHostsTokensAreNeverExposed() {
        environment.put("BINDERY_API_TOKEN", "host-token");
        environment.put("APP_BINDERY_API_TOKEN", "still the host's? no: prefixed, so the app's");
        SecretBackend all = new EnvSecretStoreProvider(() -> environment).open(new SecretStoreSettings("env",
                Map.of()));
        environment.put("AWS_SECRET_ACCESS_KEY", "k");
        environment.put("DB_PASSWORD", "pw");
        assertThat(all.names()).contains("DB_PASSWORD").doesNotContain("BINDERY_API_TOKEN", "AWS_SECRET_ACCESS_KEY");
        assertThat(all.get("BINDERY_API_TOKEN")).isEmpty();
        assertThat(all.get("DB_PASSWORD")).contains(Map.of("DB_PASSWORD", "pw"));
        SecretBackend prefixed = new EnvSecretStoreProvider(() -> environment).open(new SecretStoreSettings("env",
                Map.of("prefix", "APP_")));
        assertThat(prefixed.names()).doesNotContain("OTHER", "DB_PASSWORD");
    }
}

package dev.bindery.secrets.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;
import dev.bindery.testing.SecretStoreContract;

/** The {@code vault} store with token auth against Vault's KV version 2 API, played by WireMock. */
class VaultSecretStoreTest extends SecretStoreContract {

    private static final String TOKEN = "hvs.CAESI" + UUID.randomUUID().toString().replace("-", "");

    private final FakeVault vault = new FakeVault();

    @Override
    protected SecretBackend open(Map<String, Map<String, String>> secrets) {
        secrets.forEach((name, keys) -> vault.secret("secret", name, keys));
        vault.folder("secret", "", List.copyOf(secrets.keySet()));
        return store(Map.of());
    }

    @Override
    protected void rotate(String name, Map<String, String> keys) {
        vault.secret("secret", name, keys);
    }

    @Override
    protected void breakStore() {
        vault.seal();
    }

    @AfterEach
    void everyCallCarriedTheToken() {
        List<LoggedRequest> requests = vault.server().isRunning() ? vault.requests() : List.of();
        vault.close();
        assertThat(requests).allSatisfy(request -> assertThat(request.getHeader("X-Vault-Token")).isEqualTo(TOKEN));
    }

    private SecretBackend store(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(Map.of("address", vault.address(), "token", TOKEN));
        all.putAll(options);
        return new VaultSecretStoreProvider().open(new SecretStoreSettings("vault", all));
    }

    @Test
    void valuesThatAreNotJsonStringsAreGivenAsTheirJsonText() {
        vault.secret("secret", "app/config", Map.of("port", 5432, "tls", true, "hosts", List.of("a", "b")));
        try (SecretBackend store = store(Map.of())) {
            assertThat(store.get("app/config"))
                    .contains(Map.of("port", "5432", "tls", "true", "hosts", "[\"a\",\"b\"]"));
        }
    }

    @Test
    void namesAreReadBelowThePrefixInTheConfiguredMount() {
        vault.secret("kv/team", "apps/orders/db", Map.of("password", "pw"));
        try (SecretBackend store = store(Map.of("mount", "/kv/team/", "path-prefix", "apps/orders"))) {
            assertThat(store.get("db")).contains(Map.of("password", "pw"));
        }
        vault.server().verify(getRequestedFor(urlPathEqualTo("/v1/kv/team/data/apps/orders/db")));
    }

    @Test
    void namesAreListedThroughFoldersRelativeToThePrefix() {
        vault.folder("secret", "apps/orders/", List.of("api-key", "app/", "db/"));
        vault.folder("secret", "apps/orders/app/", List.of("db", "cache/"));
        vault.folder("secret", "apps/orders/app/cache/", List.of("redis"));
        vault.folder("secret", "apps/orders/db/", List.of("primary"));
        try (SecretBackend store = store(Map.of("path-prefix", "apps/orders/"))) {
            assertThat(store.names()).containsExactly("api-key", "app/cache/redis", "app/db", "db/primary");
        }
    }

    @Test
    void aStoreWithNothingToListHasNoNames() {
        try (SecretBackend store = store(Map.of("path-prefix", "empty"))) {
            assertThat(store.names()).isEmpty();
        }
    }

    @Test
    void aDeletedLatestVersionReadsAsNoSecret() {
        vault.secret("secret", "app/old", Map.of("password", "pw"));
        vault.deleteLatest("secret", "app/old");
        try (SecretBackend store = store(Map.of())) {
            assertThat(store.get("app/old")).isEmpty();
        }
    }

    @Test
    void aNameThatWouldLeaveThePrefixIsNoSecretAndNotAsked() {
        try (SecretBackend store = store(Map.of("path-prefix", "apps/orders"))) {
            assertThat(store.get("../payments/db")).isEmpty();
            assertThat(store.get("app//db")).isEmpty();
            assertThat(store.get("app/")).isEmpty();
        }
        assertThat(vault.requests()).isEmpty();
    }

    @Test
    void theNamespaceIsSentWithEveryCall() {
        vault.secret("secret", "db", Map.of("password", "pw"));
        try (SecretBackend store = store(Map.of("namespace", "team-a/orders"))) {
            assertThat(store.get("db")).isPresent();
        }
        vault.server().verify(getRequestedFor(urlPathEqualTo("/v1/secret/data/db"))
                .withHeader("X-Vault-Namespace", equalTo(
                        "team-a/orders")));
    }

    @Test
    void permissionDeniedNamesTheStoreAndSecretAndIsNotRetriedWithTokenAuth() {
        vault.stub(get(urlPathEqualTo("/v1/secret/data/app/db")), 403, "errors-permission-denied.json");
        try (SecretBackend store = store(Map.of())) {
            assertThatThrownBy(() -> store.get("app/db")).isInstanceOfSatisfying(VaultException.class,
                    e -> assertThat(e.status()).isEqualTo(403)).hasMessageContaining("'vault'")
                    .hasMessageContaining("permission denied reading secret 'app/db'")
                    .hasMessageContaining("secret/data/app/db");
        }
        vault.server().verify(1, getRequestedFor(urlPathEqualTo("/v1/secret/data/app/db")));
    }

    @Test
    void aServerErrorGivesItsStatusAndVaultsReason() {
        vault.seal();
        try (SecretBackend store = store(Map.of())) {
            assertThatThrownBy(() -> store.get("db")).isInstanceOfSatisfying(VaultException.class,
                    e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("503")
                    .hasMessageContaining("Vault is sealed");
            assertThatThrownBy(store::names).hasMessageContaining("503");
        }
    }

    @Test
    void aVaultThatDoesNotAnswerIsAFailureWithoutStatus() {
        SecretBackend store = store(Map.of("timeout", "500ms"));
        vault.close();
        assertThatThrownBy(() -> store.get("db")).isInstanceOfSatisfying(VaultException.class,
                e -> assertThat(e.status()).isEqualTo(VaultException.NO_ANSWER))
                .hasMessageContaining("could not be reached");
    }

    @Test
    void theTokenAppearsInNoFailureMessage() {
        List<Throwable> failures = new ArrayList<>();
        vault.stub(get(urlPathEqualTo("/v1/secret/data/denied")), 403, "errors-permission-denied.json");
        vault.server().stubFor(get(urlPathEqualTo("/v1/secret/data/echo")).willReturn(
                aResponse().withStatus(500)
                        .withBody("{\"errors\":[\"bad token " + TOKEN + "\"]}")));
        vault.server().stubFor(get(urlPathEqualTo("/v1/secret/data/garbled")).willReturn(
                aResponse().withStatus(200)
                        .withBody("{\"data\": " + TOKEN)));
        SecretBackend store = store(Map.of("timeout", "500ms"));
        for (String name : List.of("denied", "echo", "garbled")) {
            failures.add(catchThrowable(() -> store.get(name)));
        }
        vault.close();
        failures.add(catchThrowable(() -> store.get("db")));
        failures.add(catchThrowable(store::names));
        assertThat(failures).hasSize(5).allSatisfy(failure -> {
            assertThat(failure).isNotNull();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t)).doesNotContain(TOKEN);
            }
        });
    }

    @Test
    void theTokenDefaultsToTheVaultTokenVariable() {
        vault.secret("secret", "db", Map.of("password", "pw"));
        SecretBackend store = new VaultSecretStoreProvider(Clock.systemUTC(),
                variable -> variable.equals("VAULT_TOKEN") ? TOKEN : null)
                .open(new SecretStoreSettings("vault", Map.of("address", vault.address())));
        assertThat(store.get("db")).contains(Map.of("password", "pw"));
    }

    @Test
    void tokenAuthWithoutAnyTokenIsRefusedNamingTheOption() {
        VaultSecretStoreProvider provider = new VaultSecretStoreProvider(Clock.systemUTC(), variable -> null);
        assertThatThrownBy(() -> provider.open(new SecretStoreSettings("vault", Map.of("address", vault.address()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bindery.secrets.vault.token")
                .hasMessageContaining("VAULT_TOKEN");
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        assertThatThrownBy(() -> store(Map.of("adress", "http://vault:8200")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bindery.secrets.vault.adress")
                .hasMessageContaining("kubernetes-role");
    }

    @Test
    void theTypeIsFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(SecretStoreProvider.class).stream()
                .map(provider -> provider.get().type())).contains("vault");
    }
}

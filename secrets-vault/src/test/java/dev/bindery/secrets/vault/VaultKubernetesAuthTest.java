package dev.bindery.secrets.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.tomakehurst.wiremock.stubbing.Scenario;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreSettings;
import dev.bindery.testing.MutableClock;

/** The {@code vault} store logged in with Vault's Kubernetes auth method, against Vault's API played by WireMock. */
class VaultKubernetesAuthTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6InNhIn0.eyJzdWIiOiJzeXN0ZW06c2E6c2hvcDpvcmRlcnMifQ.c2ln";
    private static final String LOGIN = "/v1/auth/k8s-east/login";
    private static final String READ = "/v1/secret/data/db";

    private final FakeVault vault = new FakeVault();
    private final MutableClock clock = new MutableClock();
    @TempDir
    Path dir;
    private Path jwt;

    @BeforeEach
    void serviceAccountToken() throws Exception {
        jwt = dir.resolve("token");
        Files.writeString(jwt, JWT + "\n");
        vault.secret("secret", "db", Map.of("password", "pw"));
    }

    @AfterEach
    void stopVault() {
        vault.close();
    }

    private SecretBackend open() {
        return new VaultSecretStoreProvider(clock, variable -> null).open(new SecretStoreSettings("orders-vault",
                Map.of("address", vault.address(), "auth", "kubernetes", "kubernetes-role", "orders",
                        "kubernetes-token-path", jwt.toString(), "kubernetes-auth-path", "k8s-east")));
    }

    @Test
    void theLoginSendsTheRoleAndServiceAccountTokenAndItsTokenIsReused() {
        vault.kubernetesLogin("k8s-east", "hvs.first", 3600);
        try (SecretBackend store = open()) {
            assertThat(vault.requests()).as("opening does not log in").isEmpty();
            assertThat(store.get("db")).contains(Map.of("password", "pw"));
            assertThat(store.get("db")).isPresent();
        }
        vault.server().verify(1, postRequestedFor(urlPathEqualTo(LOGIN))
                .withRequestBody(equalToJson("{\"role\":\"orders\",\"jwt\":\"" + JWT + "\"}")));
        vault.server().verify(2, getRequestedFor(urlPathEqualTo(READ)).withHeader("X-Vault-Token",
                equalTo("hvs.first")));
    }

    @Test
    void theLoginIsRenewedBeforeItsLeaseEnds() {
        loginAnswers("hvs.first", "hvs.second", 100);
        try (SecretBackend store = open()) {
            assertThat(store.get("db")).isPresent();
            clock.advance(Duration.ofSeconds(79));
            assertThat(store.get("db")).isPresent();
            vault.server().verify(1, postRequestedFor(urlPathEqualTo(LOGIN)));
            clock.advance(Duration.ofSeconds(2));
            assertThat(store.get("db")).isPresent();
        }
        vault.server().verify(2, postRequestedFor(urlPathEqualTo(LOGIN)));
        vault.server().verify(2, getRequestedFor(urlPathEqualTo(READ)).withHeader("X-Vault-Token",
                equalTo("hvs.first")));
        vault.server().verify(1, getRequestedFor(urlPathEqualTo(READ)).withHeader("X-Vault-Token",
                equalTo("hvs.second")));
    }

    @Test
    void aRefusedTokenLogsInAgainAndTheCallIsTriedOnceMore() {
        loginAnswers("hvs.revoked", "hvs.fresh", 3600);
        vault.stub(get(urlPathEqualTo(READ)).withHeader("X-Vault-Token", equalTo("hvs.revoked")), 403,
                "errors-permission-denied.json");
        try (SecretBackend store = open()) {
            assertThat(store.get("db")).contains(Map.of("password", "pw"));
        }
        vault.server().verify(2, postRequestedFor(urlPathEqualTo(LOGIN)));
        vault.server().verify(1, getRequestedFor(urlPathEqualTo(READ)).withHeader("X-Vault-Token",
                equalTo("hvs.fresh")));
    }

    @Test
    void aRoleWithoutThePolicyFailsAfterOneFreshLogin() {
        vault.kubernetesLogin("k8s-east", "hvs.weak", 3600);
        vault.stub(get(urlPathEqualTo(READ)), 403, "errors-permission-denied.json");
        try (SecretBackend store = open()) {
            assertThatThrownBy(() -> store.get("db")).isInstanceOf(VaultException.class)
                    .hasMessageContaining("permission denied reading secret 'db'")
                    .hasMessageNotContaining("hvs.weak");
        }
        vault.server().verify(2, postRequestedFor(urlPathEqualTo(LOGIN)));
        vault.server().verify(2, getRequestedFor(urlPathEqualTo(READ)));
    }

    @Test
    void aRefusedLoginNamesTheRoleButNotTheServiceAccountToken() {
        vault.stub(post(urlPathEqualTo(LOGIN)), 403, "errors-permission-denied.json");
        try (SecretBackend store = open()) {
            assertThatThrownBy(() -> store.get("db")).isInstanceOf(VaultException.class)
                    .hasMessageContaining("role 'orders'").hasMessageContaining("403")
                    .hasMessageNotContaining(JWT);
        }
    }

    @Test
    void kubernetesAuthWithoutARoleIsRefusedNamingTheOption() {
        VaultSecretStoreProvider provider = new VaultSecretStoreProvider(clock, variable -> null);
        assertThatThrownBy(() -> provider.open(new SecretStoreSettings("orders-vault",
                Map.of("address", vault.address(), "auth", "kubernetes"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.secrets.orders-vault.kubernetes-role");
    }

    /** The first login answers {@code first}, every later one {@code then}, both with the lease. */
    private void loginAnswers(String first, String then, long leaseSeconds) {
        vault.server().stubFor(post(urlPathEqualTo(LOGIN)).inScenario("login")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("logged in")
                .willReturn(FakeVault.login(first, leaseSeconds)));
        vault.server().stubFor(post(urlPathEqualTo(LOGIN)).inScenario("login").whenScenarioStateIs("logged in")
                .willReturn(FakeVault.login(then, leaseSeconds)));
    }
}

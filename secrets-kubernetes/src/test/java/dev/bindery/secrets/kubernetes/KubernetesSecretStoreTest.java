package dev.bindery.secrets.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;
import dev.bindery.testing.SecretStoreContract;

/**
 * The {@code kubernetes} store against fabric8's mock Kubernetes API server in CRUD mode (a real HTTP server on
 * loopback that keeps what it is sent): the secret store contract, then namespace scoping, decoding and options.
 */
class KubernetesSecretStoreTest extends SecretStoreContract {

    private static final String NAMESPACE = "orders";

    private KubernetesMockServer server;
    private KubernetesClient operator;
    private boolean running;
    private final List<SecretBackend> opened = new ArrayList<>();

    @BeforeEach
    void startApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        running = true;
        operator = server.createClient();
    }

    @AfterEach
    void stopApiServer() {
        opened.forEach(SecretBackend::close);
        operator.close();
        if (running) {
            server.destroy();
        }
    }

    @Override
    protected SecretBackend open(Map<String, Map<String, String>> secrets) {
        secrets.forEach(this::rotate);
        return store(Map.of());
    }

    @Override
    protected void rotate(String name, Map<String, String> keys) {
        put(NAMESPACE, new SecretBuilder().withNewMetadata().withName(name).endMetadata().withData(encoded(keys))
                .build());
    }

    @Override
    protected void breakStore() {
        server.destroy();
        running = false;
    }

    @Override
    protected boolean watches() {
        return true;
    }

    @Test
    void aSecretOfAnotherNamespaceIsNotVisible() {
        put("billing", secret("billing-db", Map.of("password", "theirs")));
        put("billing", secret("db", Map.of("password", "theirs")));
        put(NAMESPACE, secret("db", Map.of("password", "ours")));
        SecretBackend store = store(Map.of());

        assertThat(store.get("billing-db")).isEmpty();
        assertThat(store.get("db")).contains(Map.of("password", "ours"));
        assertThat(store.names()).contains("db").doesNotContain("billing-db");
    }

    @Test
    void dataIsDecodedAsUtf8AndStringDataIsAddedToIt() {
        put(NAMESPACE, new SecretBuilder().withNewMetadata().withName("tls").endMetadata()
                .withData(encoded(Map.of("pem", "-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n", "greeting",
                        "grüße ✓")))
                .withStringData(Map.of("username", "app")).build());
        SecretBackend store = store(Map.of());

        assertThat(store.get("tls")).contains(Map.of("pem", "-----BEGIN KEY-----\nMIIB\n-----END KEY-----\n",
                "greeting", "grüße ✓", "username", "app"));
    }

    @Test
    void aValueThatIsNotUtf8TextFailsNamingTheKeyOnly() {
        byte[] keystore = {(byte) 0xfe, (byte) 0xed, (byte) 0xfe, (byte) 0xed, 0, 0, 0, 2};
        put(NAMESPACE, new SecretBuilder().withNewMetadata().withName("keystore").endMetadata()
                .withData(Map.of("keystore.jks", Base64.getEncoder().encodeToString(keystore))).build());
        SecretBackend store = store(Map.of());

        assertThatThrownBy(() -> store.get("keystore")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key 'keystore.jks' of Secret 'keystore' is not UTF-8 text")
                .hasMessageContaining("namespace '" + NAMESPACE + "'")
                .hasNoCause();
    }

    @Test
    void aLabelSelectorLimitsTheStoreToTheSecretsItMatches() {
        put(NAMESPACE, new SecretBuilder().withNewMetadata().withName("orders-db").addToLabels("app", "orders")
                .endMetadata().withData(encoded(Map.of("password", "p1"))).build());
        put(NAMESPACE, secret("unrelated", Map.of("token", "t1")));
        SecretBackend store = store(Map.of("label-selector", "app=orders"));

        assertThat(store.names()).containsExactly("orders-db");
        assertThat(store.get("orders-db")).contains(Map.of("password", "p1"));
        assertThat(store.get("unrelated")).isEmpty();
    }

    @Test
    void theWatchReportsSecretsAddedChangedAndDeletedAfterItStartedOnly() throws Exception {
        for (String existing : new String[]{"a", "b", "c", "d"}) {
            put(NAMESPACE, secret(existing, Map.of("k", existing)));
        }
        put("billing", secret("elsewhere", Map.of("k", "v")));
        SecretBackend store = store(Map.of());
        BlockingQueue<String> changed = new LinkedBlockingQueue<>();
        try (AutoCloseable watch = store.watch(name -> changed.add(name == null ? "*" : name))) {
            put("billing", secret("elsewhere", Map.of("k", "v2")));
            put(NAMESPACE, secret("c", Map.of("k", "c2")));
            assertThat(changed.poll(20, TimeUnit.SECONDS)).isEqualTo("c");
            put(NAMESPACE, secret("e", Map.of("k", "e")));
            assertThat(changed.poll(20, TimeUnit.SECONDS)).isEqualTo("e");
            operator.secrets().inNamespace(NAMESPACE).withName("a").delete();
            assertThat(changed.poll(20, TimeUnit.SECONDS)).isEqualTo("a");
        }
        assertThat(changed).isEmpty();
    }

    @Test
    void aWatchThatCouldNotStartStartsWhenTheApiServerAnswersAndReportsThatAnySecretMayHaveChanged()
            throws Exception {
        int port = server.getPort();
        SecretBackend store = store(Map.of());
        breakStore();
        BlockingQueue<String> changed = new LinkedBlockingQueue<>();
        try (AutoCloseable watch = store.watch(name -> changed.add(name == null ? "*" : name))) {
            server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            server.init(InetAddress.getLoopbackAddress(), port);
            running = true;
            assertThat(changed.poll(30, TimeUnit.SECONDS)).as("the notice once watching again").isEqualTo("*");
            put(NAMESPACE, secret("db", Map.of("password", "new")));
            assertThat(changed.poll(20, TimeUnit.SECONDS)).isEqualTo("db");
        }
    }

    @Test
    void withWatchOffNothingIsReported() throws Exception {
        SecretBackend watching = store(Map.of());
        SecretBackend notWatching = store(Map.of("watch", "false"));
        BlockingQueue<String> watched = new LinkedBlockingQueue<>();
        BlockingQueue<String> unwatched = new LinkedBlockingQueue<>();
        try (AutoCloseable on = watching.watch(name -> watched.add(String.valueOf(name)));
                AutoCloseable off = notWatching.watch(name -> unwatched.add(String.valueOf(name)))) {
            put(NAMESPACE, secret("db", Map.of("password", "new")));
            assertThat(watched.poll(20, TimeUnit.SECONDS)).as("the watching store's notice").isEqualTo("db");
            assertThat(notWatching.get("db")).contains(Map.of("password", "new"));
        }
        assertThat(unwatched).isEmpty();
    }

    @Test
    void anUnreachableApiServerIsNamedWithTheSecretAndNoValue() {
        put(NAMESPACE, secret("db", Map.of("password", "s3cr3t")));
        SecretBackend store = store(Map.of());
        breakStore();

        assertThatThrownBy(() -> store.get("db")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Secret store 'cluster' (namespace '" + NAMESPACE + "' at ")
                .hasMessageContaining("cannot read Secret 'db': no answer")
                .hasNoCause();
        assertThatThrownBy(store::names).hasMessageContaining("cannot list Secrets: no answer");
    }

    @Test
    void aRefusedReadNamesTheStoreNamespaceSecretAndStatus() {
        KubernetesMockServer refusing = new KubernetesMockServer(false);
        refusing.init();
        try {
            refusing.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE + "/secrets/db")
                    .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                            .withMessage("secrets \"db\" is forbidden: User \"system:serviceaccount:" + NAMESPACE
                                    + ":default\" cannot get resource \"secrets\"")
                            .build())
                    .always();
            SecretBackend store = new KubernetesSecretStoreProvider().open(new SecretStoreSettings("cluster",
                    Map.of("master-url", refusing.url("/"), "namespace", NAMESPACE, "watch", "false")));
            opened.add(store);

            assertThatThrownBy(() -> store.get("db")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Secret store 'cluster' (namespace '" + NAMESPACE + "'")
                    .hasMessageContaining("cannot read Secret 'db': HTTP 403")
                    .hasMessageContaining("cannot get resource \"secrets\"");
        } finally {
            refusing.destroy();
        }
    }

    @Test
    void anUnknownOptionIsRefusedByItsFullName() {
        assertThatThrownBy(() -> new KubernetesSecretStoreProvider()
                .open(new SecretStoreSettings("cluster", Map.of("namespace", NAMESPACE, "token", "t"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.secrets.cluster.token is not a known option")
                .hasMessageContaining("label-selector").hasMessageContaining("master-url")
                .hasMessageContaining("namespace").hasMessageContaining("watch");
    }

    @Test
    void theProviderIsFoundByItsType() {
        assertThat(ServiceLoader.load(SecretStoreProvider.class).stream()
                .map(provider -> provider.get().type())).contains("kubernetes");
    }

    private SecretBackend store(Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.put("master-url", operator.getMasterUrl().toString());
        all.put("namespace", NAMESPACE);
        SecretBackend store = new KubernetesSecretStoreProvider().open(new SecretStoreSettings("cluster", all));
        opened.add(store);
        return store;
    }

    private void put(String namespace, Secret secret) {
        operator.secrets().inNamespace(namespace).resource(secret).createOr(NonDeletingOperation::update);
    }

    private static Secret secret(String name, Map<String, String> keys) {
        return new SecretBuilder().withNewMetadata().withName(name).endMetadata().withData(encoded(keys)).build();
    }

    private static Map<String, String> encoded(Map<String, String> keys) {
        Map<String, String> data = new TreeMap<>();
        keys.forEach((key, value) -> data.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return data;
    }
}

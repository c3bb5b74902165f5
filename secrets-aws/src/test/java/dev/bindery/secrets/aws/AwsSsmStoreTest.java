package dev.bindery.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreSettings;
import dev.bindery.testing.SecretStoreContract;

/** Parameter Store under {@code path=/myapp/}: the contract with one parameter per secret, then the hierarchy form. */
class AwsSsmStoreTest extends SecretStoreContract {

    private static final String PATH = "/myapp/";

    private final FakeParameterStore aws = new FakeParameterStore();

    @AfterEach
    void stopAws() {
        aws.close();
    }

    @Override
    protected boolean multipleKeys() {
        return false;
    }

    @Override
    protected SecretBackend open(Map<String, Map<String, String>> secrets) {
        secrets.forEach(this::rotate);
        return new AwsSsmStoreProvider().open(new SecretStoreSettings("params", aws.options(Map.of("path", PATH))));
    }

    @Override
    protected void rotate(String name, Map<String, String> keys) {
        aws.put(PATH + name, keys.get(name));
    }

    @Override
    protected void breakStore() {
        aws.close();
    }

    private SecretBackend store(Map<String, String> options) {
        return aws.open(new AwsSsmStoreProvider(), "params", options);
    }

    @Test
    void aHierarchyIsOneSecretKeyedByTheNamesBelowIt() {
        aws.put("/myapp/db/username", "app");
        aws.put("/myapp/db/password", "s3cr3t");
        aws.put("/myapp/db/replica/host", "db-2");
        aws.put("/myapp/dbx", "not below db");
        assertThat(store(Map.of("path", "/myapp")).get("db"))
                .contains(Map.of("username", "app", "password", "s3cr3t", "replica/host", "db-2"));
        assertThat(aws.calls("GetParametersByPath")).hasSize(2).allSatisfy(call -> assertThat(
                call.getBodyAsString()).contains("\"Path\":\"/myapp/db/\"").contains("\"WithDecryption\":true"));
    }

    @Test
    void aParameterIsDecryptedAndANameWithNoParameterNorHierarchyIsEmpty() {
        aws.put("/myapp/token", "tok-1");
        SecretBackend store = store(Map.of("path", PATH));
        assertThat(store.get("token")).contains(Map.of("token", "tok-1"));
        assertThat(store.get("missing")).isEmpty();
    }

    @Test
    void withoutAPathNamesAreWholeParameterNames() {
        aws.put("/other/key", "v1");
        aws.put("plain", "v2");
        SecretBackend store = store(Map.of());
        assertThat(store.get("/other/key")).contains(Map.of("/other/key", "v1"));
        assertThat(store.get("plain")).contains(Map.of("plain", "v2"));
        assertThat(store.get("absent")).isEmpty();
    }

    @Test
    void namesFollowEveryPageBelowThePath() {
        for (int i = 0; i < 5; i++) {
            aws.put("/myapp/p" + i, "v" + i);
        }
        aws.put("/myapp/nested/q", "v");
        aws.put("/elsewhere/r", "v");
        assertThat(store(Map.of("path", PATH)).names())
                .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "nested/q");
        assertThat(aws.calls("GetParametersByPath")).hasSize(3)
                .allSatisfy(call -> assertThat(call.getBodyAsString()).contains("\"Recursive\":true"));
    }

    @Test
    void throttlingFailsNamingStoreSecretAndErrorCode() {
        SecretBackend store = store(Map.of("path", PATH));
        aws.failEveryCall(400, "ThrottlingException", "Rate exceeded");
        assertThatThrownBy(() -> store.get("token"))
                .isInstanceOf(AwsSecretStoreException.class)
                .hasMessageContaining("'params'")
                .hasMessageContaining("'token'")
                .hasMessageContaining("GetParameter answered ThrottlingException");
    }

    @Test
    void aPathThatIsNoHierarchyIsRefused() {
        assertThatThrownBy(() -> store(Map.of("path", "myapp")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.secrets.params.path");
    }

    @Test
    void anUnknownOptionIsRefusedNamingIt() {
        assertThatThrownBy(() -> store(Map.of("prefix", "/myapp/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.secrets.params.prefix")
                .hasMessageContaining("path");
    }

    @Test
    void halfAKeyPairIsRefused() {
        Map<String, String> options = aws.options(Map.of());
        options.remove("secret-access-key");
        assertThatThrownBy(() -> new AwsSsmStoreProvider().open(new SecretStoreSettings("params", options)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.secrets.params.secret-access-key");
    }
}

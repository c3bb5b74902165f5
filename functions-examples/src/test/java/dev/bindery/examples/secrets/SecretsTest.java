package dev.bindery.examples.secrets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import dev.bindery.binding.Bindings;
import dev.bindery.secrets.Secret;
import dev.bindery.secrets.SecretAccessDeniedException;
import dev.bindery.secrets.SecretNotFoundException;
import dev.bindery.secrets.SecretRotated;
import dev.bindery.secrets.SecretStoreUnavailableException;
import dev.bindery.secrets.Secrets;

/**
 * The secrets block in a running application: the API, {@code @Secret} injection, scoping of the stores and of a
 * function, references in configuration, the cache serving a stale value within max-stale, and rotation of a watched
 * file noticed without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = SecretFiles.class, restrictToAnnotatedClass = true)
class SecretsTest {

    @Inject
    Secrets secrets;

    @Inject
    @Secret(store = "local", name = "greeting", key = "prefix")
    String prefix;

    @Inject
    @Secret(store = "env", name = "GREETING")
    String fromEnvironment;

    @Inject
    @Secret(store = "local", name = "other", key = "key")
    Supplier<String> other;

    @Inject
    MeterRegistry meters;

    @Inject
    Bindings bindings;

    @Test
    void aSecretIsReadWithAllItsKeysOrOneOfThem() {
        assertThat(secrets.get("local", "greeting")).isEqualTo(Map.of("prefix", "Hello", "suffix", "!"));
        assertThat(secrets.get("local", "report-signing", "key")).isEqualTo("test-signing-key");
        assertThat(secrets.get("env", "GREETING")).isEqualTo(Map.of("GREETING", "hello from the environment"));
    }

    @Test
    void aStoresOptionsCanReferenceAnotherStore() {
        // the path of the store 'chained' comes from the env store
        assertThat(secrets.get("chained", "report-signing", "key")).isEqualTo("test-signing-key");
    }

    @Test
    void injectedValuesComeFromTheirStores() {
        assertThat(prefix).isEqualTo("Hello");
        assertThat(fromEnvironment).isEqualTo("hello from the environment");
        assertThat(other.get()).isEqualTo("other-value");
    }

    @Test
    void whatIsMissingIsATypedNotFoundNamingIt() {
        assertThatThrownBy(() -> secrets.get("local", "nope")).isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("'local'");
        assertThatThrownBy(() -> secrets.get("local", "greeting", "nope")).isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("no key 'nope'");
        assertThatThrownBy(() -> secrets.get("vault", "db")).isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("No secret store 'vault'");
    }

    @Test
    void scopingDeniesWhatTheStoresListsDoNotAllow() {
        assertThatThrownBy(() -> secrets.get("local", "forbidden")).isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("denied list").hasMessageNotContaining("never-readable");
        assertThatThrownBy(() -> secrets.get("strict", "other")).isInstanceOf(SecretAccessDeniedException.class)
                .hasMessageContaining("allowed list");
        assertThat(secrets.get("strict", "greeting")).containsEntry("prefix", "Hello");
        assertThat(secrets.names("strict")).containsExactly("greeting");
        assertThat(secrets.names("local")).contains("greeting", "other").doesNotContain("forbidden");
        assertThat(secrets.bulk("strict")).containsOnlyKeys("greeting");
        assertThat(secrets.names("env")).contains("GREETING").allMatch(name -> !name.startsWith("BINDERY_TEST_"));
    }

    @Test
    void aFunctionWithItsOwnListReadsOnlyWhatItNames() {
        assertThat(call("readScoped", "local", "greeting", "prefix").getString("value")).isEqualTo("Hello");
        assertThat(call("readScoped", "strict", "greeting", "prefix").getString("value")).isEqualTo("Hello");
        JsonPath denied = call("readScoped", "local", "other", "key");
        assertThat(denied.getString("value")).isNull();
        assertThat(denied.getString("failure")).startsWith("SecretAccessDeniedException")
                .contains("function 'readScoped' may read only");
        // a function without its own list reads what the stores allow
        assertThat(call("readAny", "local", "other", "key").getString("value")).isEqualTo("other-value");
        assertThat(call("readAny", "local", "forbidden", "key").getString("failure"))
                .startsWith("SecretAccessDeniedException");
    }

    @Test
    void configurationValuesReferenceSecrets() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("examples.test.from-env", String.class)).isEqualTo("hello from the environment");
        assertThat(config.getValue("examples.test.sentence", String.class)).isEqualTo("Hello, world!");
        // a secret with dollar signs and braces is taken as it is, never as an expression
        assertThat(config.getValue("examples.test.dollars", String.class)).isEqualTo("pa$$w${rd}$");
    }

    @Test
    void aStoreThatCannotBeReadServesItsCachedValueUntilMaxStale() throws Exception {
        assertThat(secrets.get("flaky", "token", "token")).isEqualTo("flaky-token-1");
        Files.delete(SecretFiles.FLAKY);
        try {
            Thread.sleep(400); // past cache-ttl: the next read refreshes in the background, and that fails
            assertThat(secrets.get("flaky", "token", "token")).isEqualTo("flaky-token-1");
            Await.until("a stale read counted", () -> secrets.get("flaky", "token", "token").equals("flaky-token-1")
                    && meters.find("bindery.secrets.stale.reads").tag("store", "flaky").counter() != null
                    && meters.find("bindery.secrets.stale.reads").tag("store", "flaky").counter().count() > 0);
            assertThat(meters.find("bindery.secrets.refresh.failures").tag("store", "flaky").counter().count())
                    .isPositive();
            Await.until("reads failing once the value is max-stale", () -> {
                try {
                    secrets.get("flaky", "token", "token");
                    return false;
                } catch (SecretStoreUnavailableException e) {
                    return true;
                }
            });
            assertThatThrownBy(() -> secrets.get("flaky", "token", "token"))
                    .isInstanceOf(SecretStoreUnavailableException.class).hasMessageContaining("'flaky'")
                    .hasMessageNotContaining("flaky-token-1");
        } finally {
            SecretFiles.write(SecretFiles.FLAKY, Map.of("token", Map.of("token", "flaky-token-1")));
        }
    }

    @Test
    void aRotatedFileIsNoticedAndReferencesTakeTheNewValue() throws Exception {
        String suffix = "?" + UUID.randomUUID();
        long before = rotations("greeting");
        SecretFiles.rotateLocal("greeting", Map.of("prefix", "Hello", "suffix", suffix));
        Await.until("the rotation announced", () -> rotations("greeting") > before);
        assertThat(secrets.get("local", "greeting", "suffix")).isEqualTo(suffix);
        assertThat(ConfigProvider.getConfig().getValue("examples.test.sentence", String.class))
                .isEqualTo("Hello, world" + suffix);
        assertThat(meters.find("bindery.secrets.rotations").tag("store", "local").counter().count()).isPositive();
    }

    @Test
    void aBindingWhoseOptionsReferenceARotatedSecretIsRebuiltWithTheNewValue() throws Exception {
        Path current = Path.of(SecretFiles.local("outbox").get("dir"));
        Path next = current.equals(SecretFiles.OUTBOX_BEFORE) ? SecretFiles.OUTBOX_AFTER : SecretFiles.OUTBOX_BEFORE;
        String first = UUID.randomUUID() + ".json";
        bindings.invoke("outbox", "create", Map.of("n", 1), Map.of("key", first));
        assertThat(current.resolve(first)).exists();

        long before = rotations("outbox");
        SecretFiles.rotateLocal("outbox", Map.of("dir", next.toString()));
        Await.until("the rotation announced", () -> rotations("outbox") > before);

        String second = UUID.randomUUID() + ".json";
        bindings.invoke("outbox", "create", Map.of("n", 2), Map.of("key", second));
        assertThat(next.resolve(second)).as("written where the rotated secret says").exists();
        assertThat(current.resolve(second)).doesNotExist();
    }

    private static long rotations(String name) {
        return SecretFunctions.ROTATED.stream().filter(r -> r.equals(new SecretRotated("local", name))).count();
    }

    private static JsonPath call(String function, String store, String name, String key) {
        return given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", function).header("ce-source", "/secrets-test").contentType("application/json")
                .body(Map.of("store", store, "name", name, "key", key))
                .post("/").then().statusCode(200).extract().jsonPath();
    }
}

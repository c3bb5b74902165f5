package dev.bindery.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreSettings;
import dev.bindery.testing.SecretStoreContract;

class AwsSecretsManagerStoreTest extends SecretStoreContract {

    private final FakeSecretsManager aws = new FakeSecretsManager();

    @AfterEach
    void stopAws() {
        aws.close();
    }

    @Override
    protected SecretBackend open(Map<String, Map<String, String>> secrets) throws Exception {
        for (Map.Entry<String, Map<String, String>> secret : secrets.entrySet()) {
            rotate(secret.getKey(), secret.getValue());
        }
        return new AwsSecretsManagerStoreProvider().open(new SecretStoreSettings("aws", aws.options(Map.of())));
    }

    @Override
    protected void rotate(String name, Map<String, String> keys) throws JsonProcessingException {
        aws.putString(name, FakeAwsService.JSON.writeValueAsString(keys));
    }

    @Override
    protected void breakStore() {
        aws.failEveryCall(500, "InternalServiceError", "An error occurred on the server side.");
    }

    private SecretBackend store(Map<String, String> options) {
        return aws.open(new AwsSecretsManagerStoreProvider(), "aws", options);
    }

    @Test
    void aPlainSecretStringIsOneKeyTheName() {
        aws.putString("api-token", "tok-123");
        aws.putString("not-quite-json", "{\"password\": unterminated");
        assertThat(store(Map.of()).get("api-token")).contains(Map.of("api-token", "tok-123"));
        assertThat(store(Map.of()).get("not-quite-json"))
                .contains(Map.of("not-quite-json", "{\"password\": unterminated"));
    }

    @Test
    void aJsonSecretStringGivesItsNonStringValuesAsJsonText() {
        aws.putString("db", "{\"user\":\"app\",\"port\":5432,\"tls\":true,\"hosts\":[\"a\",\"b\"],\"extra\":null}");
        assertThat(store(Map.of()).get("db"))
                .contains(Map.of("user", "app", "port", "5432", "tls", "true", "hosts", "[\"a\", \"b\"]"));
    }

    @Test
    void aSecretBinaryIsOneKeyTheNameInBase64() {
        byte[] key = "-----BEGIN KEY-----\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        aws.putBinary("tls-key", key);
        assertThat(store(Map.of()).get("tls-key"))
                .contains(Map.of("tls-key", Base64.getEncoder().encodeToString(key)));
    }

    @Test
    void theVersionStageOptionReadsThePreviousVersion() {
        aws.putString("db", "{\"password\":\"old\"}");
        aws.putString("db", "{\"password\":\"new\"}");
        assertThat(store(Map.of("version-stage", "AWSPREVIOUS")).get("db")).contains(Map.of("password", "old"));
        assertThat(aws.calls("GetSecretValue")).singleElement()
                .satisfies(call -> assertThat(call.getBodyAsString()).contains("\"VersionStage\":\"AWSPREVIOUS\""));
    }

    @Test
    void aMissingSecretIsEmptyAndCallsAreSignedWithTheConfiguredKey() {
        assertThat(store(Map.of()).get("nothing-here")).isEmpty();
        assertThat(aws.calls("GetSecretValue")).singleElement().satisfies(call -> assertThat(
                call.getHeader("Authorization")).contains("Credential=" + FakeAwsService.ACCESS_KEY_ID + "/"));
    }

    @Test
    void namesFollowEveryPageOfListSecrets() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            aws.putString("app/s" + i, "v" + i);
            many.put("app/s" + i, "v" + i);
        }
        assertThat(store(Map.of()).names()).containsExactlyInAnyOrderElementsOf(many.keySet());
        assertThat(aws.calls("ListSecrets")).hasSize(3);
    }

    @Test
    void throttlingFailsNamingStoreSecretAndErrorCode() {
        SecretBackend store = store(Map.of());
        aws.failEveryCall(400, "ThrottlingException", "Rate exceeded");
        assertThatThrownBy(() -> store.get("db"))
                .isInstanceOf(AwsSecretStoreException.class)
                .hasMessageContaining("'aws'")
                .hasMessageContaining("'db'")
                .hasMessageContaining("ThrottlingException")
                .hasMessageContaining("throttled");
    }

    @Test
    void deniedAccessSaysToCheckTheCredentials() {
        SecretBackend store = store(Map.of());
        aws.failEveryCall(400, "AccessDeniedException", "User is not authorized to perform: "
                + "secretsmanager:ListSecrets");
        assertThatThrownBy(store::names)
                .hasMessageContaining("ListSecrets answered AccessDeniedException")
                .hasMessageContaining("check the credentials");
    }

    @Test
    void aGarbledAnswerFailsWithoutQuotingIt() {
        String value = "never-shown-" + UUID.randomUUID();
        SecretBackend store = store(Map.of());
        aws.answerEveryCallWith(200, "{\"Name\":\"db\",\"SecretString\":\"" + value + "\" <html>");
        assertThatThrownBy(() -> store.get("db"))
                .isInstanceOf(AwsSecretStoreException.class)
                .satisfies(e -> assertThat(Chains.messages(e)).doesNotContain(value).contains("GetSecretValue"));
        aws.answerEveryCallWith(502, "<html>bad gateway for " + value + "</html>");
        assertThatThrownBy(() -> store.get("db"))
                .satisfies(e -> assertThat(Chains.messages(e)).doesNotContain(value).contains("HTTP 502"));
    }

    @Test
    void anUnknownOptionIsRefusedNamingIt() {
        assertThatThrownBy(() -> store(Map.of("version-stag", "AWSCURRENT")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.secrets.aws.version-stag")
                .hasMessageContaining("version-stage");
    }
}

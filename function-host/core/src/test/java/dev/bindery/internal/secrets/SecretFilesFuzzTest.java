package dev.bindery.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * Fuzzes the {@code file} store's reading of a secrets file (JSON, or properties when the input starts with {@code #}):
 * whatever the file holds, reading it gives secrets or one of the two failures the host reports as the store being
 * unavailable ({@link UncheckedIOException} for a file that cannot be parsed, {@link IllegalStateException} for a
 * missing one), and a failure never quotes the file's content. Seeds and crashers live in
 * {@code src/test/resources/dev/bindery/internal/secrets/SecretFilesFuzzTestInputs/}.
 */
class SecretFilesFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void aSecretsFileIsReadOrRefusedWithoutQuotingIt(byte[] input) throws IOException {
        boolean properties = input.length > 0 && input[0] == '#';
        Path file = Files.createTempFile("secrets", properties ? ".properties" : ".json");
        try {
            Files.write(file, input);
            SecretBackend store = new FileSecretStoreProvider().open(new SecretStoreSettings("fuzz",
                    Map.of("path", file.toString(), "multi-valued", Boolean.toString(input.length % 2 == 0),
                            "watch-interval", "0")));
            try {
                for (String name : store.names()) {
                    assertThat(store.get(name)).isPresent();
                }
            } catch (UncheckedIOException | IllegalStateException refused) {
                String text = new String(input, java.nio.charset.StandardCharsets.UTF_8).strip();
                StringBuilder messages = new StringBuilder();
                for (Throwable t = refused; t != null; t = t.getCause()) {
                    messages.append(t).append('\n');
                }
                if (text.length() >= 8) {
                    assertThat(messages.toString()).doesNotContain(text);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}

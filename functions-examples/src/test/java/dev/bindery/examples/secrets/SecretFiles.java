package dev.bindery.examples.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Secret files for the secrets tests, and the stores that read them: {@code local} (a denied list), {@code strict}
 * ({@code default-access=deny}, one name allowed), {@code flaky} (a short max-stale), and {@code env} (the variables
 * Surefire gives the test JVM, prefix {@code BINDERY_TEST_}). Properties reference their secrets.
 */
public class SecretFiles implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "test-secrets");
    static final Path LOCAL = DIR.resolve("local.json");
    static final Path FLAKY = DIR.resolve("flaky.json");
    /** Where the output binding {@code outbox} writes, before and after its secret is rotated. */
    static final Path OUTBOX_BEFORE = DIR.resolve("outbox-before");
    static final Path OUTBOX_AFTER = DIR.resolve("outbox-after");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What {@link #LOCAL} holds now. */
    private static final Map<String, Map<String, String>> LOCAL_CONTENT = new java.util.concurrent.ConcurrentHashMap<>();

    /** @return the keys of a secret of {@link #LOCAL} as the file holds them now */
    static Map<String, String> local(String name) {
        return LOCAL_CONTENT.get(name);
    }

    /** Rotates one secret of {@link #LOCAL}: the file is rewritten with the other secrets as they are. */
    static synchronized void rotateLocal(String name, Map<String, String> keys) {
        LOCAL_CONTENT.put(name, keys);
        write(LOCAL, LOCAL_CONTENT);
    }

    @Override
    public Map<String, String> start() {
        LOCAL_CONTENT.clear();
        LOCAL_CONTENT.putAll(Map.of("greeting", Map.of("prefix", "Hello", "suffix", "!"),
                "report-signing", Map.of("key", "test-signing-key"),
                "forbidden", Map.of("key", "never-readable"),
                "other", Map.of("key", "other-value"),
                "outbox", Map.of("dir", OUTBOX_BEFORE.toString())));
        write(LOCAL, LOCAL_CONTENT);
        write(FLAKY, Map.of("token", Map.of("token", "flaky-token-1")));
        return Map.ofEntries(
                Map.entry("bindery.secrets.local.path", LOCAL.toString()),
                Map.entry("bindery.secrets.local.watch-interval", "100ms"),
                Map.entry("bindery.secrets.local.cache-ttl", "500ms"),
                Map.entry("bindery.secrets.local.denied", "forbidden"),
                Map.entry("bindery.secrets.strict.type", "file"),
                Map.entry("bindery.secrets.strict.path", LOCAL.toString()),
                Map.entry("bindery.secrets.strict.multi-valued", "true"),
                Map.entry("bindery.secrets.strict.default-access", "deny"),
                Map.entry("bindery.secrets.strict.allowed", "greeting"),
                Map.entry("bindery.secrets.flaky.type", "file"),
                Map.entry("bindery.secrets.flaky.path", FLAKY.toString()),
                Map.entry("bindery.secrets.flaky.multi-valued", "true"),
                Map.entry("bindery.secrets.flaky.watch-interval", "0"),
                Map.entry("bindery.secrets.flaky.cache-ttl", "300ms"),
                Map.entry("bindery.secrets.flaky.max-stale", "6s"),
                Map.entry("bindery.secrets.chained.type", "file"),
                Map.entry("bindery.secrets.chained.path", "${secret:env/CHAINED_PATH}"),
                Map.entry("bindery.secrets.chained.multi-valued", "true"),
                Map.entry("bindery.secrets.env.type", "env"),
                Map.entry("bindery.secrets.env.prefix", "BINDERY_TEST_"),
                Map.entry("bindery.functions.readScoped.secrets.allowed", "local/greeting,strict/*"),
                Map.entry("bindery.bindings.outbox.file", "${secret:local/outbox#dir}"),
                Map.entry("examples.test.suffix", "${secret:local/greeting#suffix}"),
                Map.entry("examples.test.sentence", "${secret:local/greeting#prefix}, world${secret:local/greeting#suffix}"),
                Map.entry("examples.test.from-env", "${secret:env/GREETING}"),
                Map.entry("examples.test.dollars", "${secret:env/DOLLARS}"));
    }

    /** Writes the file the way an operator's tooling does: a new file renamed over the old one. */
    public static void write(Path file, Map<String, ?> content) {
        try {
            Files.createDirectories(file.getParent());
            Path next = file.resolveSibling(file.getFileName() + ".next");
            JSON.writeValue(next.toFile(), content);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}

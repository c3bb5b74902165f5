package dev.bindery.bench.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The secrets every store of the benchmark holds: {@value #COUNT} services, each with a user name, a password and a
 * URL, written as a {@code file} store (one JSON object per secret, {@code multi-valued=true}) and as Secrets mounted the
 * way the kubelet mounts them ({@code <secret>/..<timestamp>/<key>}, a {@code ..data} link to it, one link per key).
 */
final class SecretFixtures {

    static final int COUNT = 50;
    /** The secret every benchmark reads. */
    static final String READ = name(COUNT / 2);

    private SecretFixtures() {
    }

    static String name(int i) {
        return String.format("service-%02d", i);
    }

    static Map<String, Map<String, String>> secrets() {
        Map<String, Map<String, String>> secrets = new TreeMap<>();
        for (int i = 0; i < COUNT; i++) {
            secrets.put(name(i), Map.of("username", "app-" + i, "password", "p4ss-" + i + "-0123456789abcdef",
                    "url", "jdbc:postgresql://db-" + i + ".internal:5432/orders"));
        }
        return secrets;
    }

    /** @return the JSON file */
    static Path writeJsonFile(Path dir, ObjectMapper json) throws IOException {
        Path file = dir.resolve("secrets.json");
        json.writeValue(file.toFile(), secrets());
        return file;
    }

    /** @return the directory the Secrets are mounted under */
    static Path writeMountedSecrets(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("mounted"));
        for (Map.Entry<String, Map<String, String>> secret : secrets().entrySet()) {
            Path volume = Files.createDirectories(root.resolve(secret.getKey()));
            Path version = Files.createDirectories(volume.resolve("..2026_11_30_12_00_00.000000001"));
            Files.createSymbolicLink(volume.resolve("..data"), version.getFileName());
            for (Map.Entry<String, String> key : secret.getValue().entrySet()) {
                Files.writeString(version.resolve(key.getKey()), key.getValue(), StandardCharsets.UTF_8);
                Files.createSymbolicLink(volume.resolve(key.getKey()), Path.of("..data", key.getKey()));
            }
        }
        return root;
    }
}

package dev.bindery.internal.secrets;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * {@code type=file}: a JSON or properties file (Dapr's local.file store). Options: {@code path} (required),
 * {@code format} ({@code json} or {@code properties}; by default from the file's extension), {@code separator} (joins
 * nested JSON keys, default {@code :}), {@code multi-valued} ({@code false}: every flattened key is a secret with one
 * key, its name; {@code true}: every top-level key is a secret and what is under it its keys), {@code watch-interval}
 * (how often the file is compared for changes, default {@code 2s}; {@code 0} turns it off).
 */
public final class FileSecretStoreProvider implements SecretStoreProvider {

    private static final Set<String> OPTIONS = Set.of("path", "format", "separator", "multi-valued",
            "watch-interval");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String type() {
        return "file";
    }

    @Override
    public SecretBackend open(SecretStoreSettings settings) {
        BackendOptions options = new BackendOptions(settings, OPTIONS);
        Path path = Path.of(options.required("path"));
        String format = options.option("format", path.toString().endsWith(".properties") ? "properties" : "json");
        if (!format.equals("json") && !format.equals("properties")) {
            throw new IllegalArgumentException("bindery.secrets." + settings.store() + ".format='" + format
                    + "': write json or properties");
        }
        String separator = options.option("separator", ":");
        boolean multiValued = Boolean.parseBoolean(options.option("multi-valued", "false"));
        Duration interval = Durations.parse(settings.store(), "watch-interval", options.option("watch-interval", "2s"));
        return new SecretBackend() {
            @Override
            public Optional<Map<String, String>> get(String name) {
                return Optional.ofNullable(read().get(name));
            }

            @Override
            public Set<String> names() {
                return read().keySet();
            }

            @Override
            public AutoCloseable watch(Consumer<String> changed) {
                return PollingWatch.start(settings.store(), interval, this::read, changed);
            }

            private Map<String, Map<String, String>> read() {
                Map<String, String> flat = new LinkedHashMap<>();
                try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    if (format.equals("json")) {
                        flatten("", JSON.readTree(reader), separator, flat);
                    } else {
                        Properties properties = new Properties();
                        properties.load(reader);
                        properties.forEach((key, value) -> flat.put((String) key, (String) value));
                    }
                } catch (NoSuchFileException e) {
                    throw new IllegalStateException("Secret file " + path + " does not exist");
                } catch (IOException | IllegalArgumentException e) {
                    // the parsers' messages quote the offending text, which may be a secret: name the file only
                    throw new UncheckedIOException("Secret file " + path + " cannot be read as " + format,
                            new IOException(e.getClass().getSimpleName()));
                }
                return group(flat, separator, multiValued);
            }
        };
    }

    private static void flatten(String prefix, JsonNode node, String separator, Map<String, String> flat) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(prefix.isEmpty() ? field.getKey() : prefix + separator + field.getKey(), field.getValue(),
                        separator, flat);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + separator + i, node.get(i), separator, flat);
            }
        } else if (!node.isNull() && !prefix.isEmpty()) {
            flat.put(prefix, node.asText());
        }
    }

    private static Map<String, Map<String, String>> group(Map<String, String> flat, String separator,
            boolean multiValued) {
        Map<String, Map<String, String>> secrets = new TreeMap<>();
        flat.forEach((key, value) -> {
            int cut = multiValued ? key.indexOf(separator) : -1;
            if (cut < 0) {
                secrets.computeIfAbsent(key, k -> new TreeMap<>()).put(key, value);
            } else {
                secrets.computeIfAbsent(key.substring(0, cut), k -> new TreeMap<>())
                        .put(key.substring(cut + separator.length()), value);
            }
        });
        return secrets;
    }
}

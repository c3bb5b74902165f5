package dev.bindery.internal.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * {@code type=kubernetes-dir}: Kubernetes Secrets mounted as volumes, one directory per Secret under {@code path}
 * (default {@code /var/run/secrets/bindery/<store>}), one file per key. The kubelet's own entries ({@code ..data} and
 * the timestamped directories it points to) are skipped; the files are read through its symlinks, so a rewrite is seen
 * as soon as the kubelet swaps {@code ..data}. Options: {@code path}, {@code secrets} (the Kubernetes Secrets the
 * generated Knative Service mounts; the store itself reads whatever is mounted), {@code watch-interval} (default
 * {@code 2s}; {@code 0} turns it off).
 */
public final class KubernetesDirSecretStoreProvider implements SecretStoreProvider {

    private static final Set<String> OPTIONS = Set.of("path", "secrets", "watch-interval");

    /** @return where a store reads its Secrets when it has no {@code path} option (the build mounts them there) */
    public static String defaultPath(String store) {
        return "/var/run/secrets/bindery/" + store;
    }

    @Override
    public String type() {
        return "kubernetes-dir";
    }

    @Override
    public SecretBackend open(SecretStoreSettings settings) {
        BackendOptions options = new BackendOptions(settings, OPTIONS);
        Path root = Path.of(options.option("path", defaultPath(settings.store())));
        Duration interval = Durations.parse(settings.store(), "watch-interval", options.option("watch-interval", "2s"));
        return new SecretBackend() {
            @Override
            public Optional<Map<String, String>> get(String name) {
                if (!Files.isDirectory(root)) {
                    throw new IllegalStateException("Secret directory " + root + " does not exist");
                }
                if (!visible(name) || name.contains("/") || name.contains("\\")) {
                    return Optional.empty();
                }
                return read(root.resolve(name));
            }

            @Override
            public Set<String> names() {
                Set<String> names = new TreeSet<>();
                try (Stream<Path> entries = Files.list(root)) {
                    entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                            .filter(KubernetesDirSecretStoreProvider::visible).forEach(names::add);
                } catch (NoSuchFileException e) {
                    throw new IllegalStateException("Secret directory " + root + " does not exist");
                } catch (IOException e) {
                    throw new UncheckedIOException("Secret directory " + root + " cannot be listed", e);
                }
                return names;
            }

            @Override
            public AutoCloseable watch(Consumer<String> changed) {
                return PollingWatch.start(settings.store(), interval, this::snapshot, changed);
            }

            private Map<String, Map<String, String>> snapshot() {
                Map<String, Map<String, String>> all = new TreeMap<>();
                for (String name : names()) {
                    read(root.resolve(name)).ifPresent(secret -> all.put(name, secret));
                }
                return all;
            }
        };
    }

    private static Optional<Map<String, String>> read(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        Map<String, String> keys = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String key = file.getFileName().toString();
                if (visible(key) && Files.isRegularFile(file)) {
                    keys.put(key, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Secret directory " + directory + " cannot be read", e);
        }
        return Optional.of(keys);
    }

    private static boolean visible(String name) {
        return !name.startsWith("..") && !name.isEmpty();
    }
}

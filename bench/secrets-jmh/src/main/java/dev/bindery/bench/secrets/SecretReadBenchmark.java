package dev.bindery.bench.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.secrets.SecretRegistry;
import dev.bindery.internal.secrets.SecretStoreConfig;
import dev.bindery.spi.secrets.SecretBackend;
import dev.bindery.spi.secrets.SecretStoreProvider;
import dev.bindery.spi.secrets.SecretStoreSettings;

/**
 * One secret read three ways, per store: {@code cached} is the host's path ({@code SecretRegistry.get}: the store
 * looked up, scoping checked, the cache hit) with the default {@code cache-ttl}; {@code uncached} is the same call on a
 * store with {@code cache-ttl=0}, which reads the store on every call as Dapr does; {@code backend} is the store's read
 * alone ({@code SecretBackend.get}). The stores' change watches are off ({@code watch-interval=0}): they cost nothing
 * per call and would only add background reads to the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xmx512m", "-Dsun.net.httpserver.nodelay=true"})
public class SecretReadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"file", "kubernetes-dir", "vault"})
    public String store;

    private Path dir;
    private LocalVault vault;
    private SecretRegistry registry;
    private SecretBackend backend;

    @Setup
    public void open() throws IOException {
        dir = Files.createTempDirectory("bindery-secrets-bench");
        Map<String, String> options = switch (store) {
            case "file" -> Map.of("path", SecretFixtures.writeJsonFile(dir, JSON).toString(), "multi-valued", "true",
                    "watch-interval", "0");
            case "kubernetes-dir" -> Map.of("path", SecretFixtures.writeMountedSecrets(dir).toString(),
                    "watch-interval", "0");
            case "vault" -> {
                vault = new LocalVault(SecretFixtures.secrets(), JSON);
                yield Map.of("address", vault.address(), "token", "bench-token");
            }
            default -> throw new IllegalArgumentException("Unknown store " + store);
        };
        registry = SecretRegistry.open(List.of(config("cached", options, Map.of()),
                config("uncached", options, Map.of("cache-ttl", "0"))), getClass().getClassLoader());
        backend = provider(store).open(new SecretStoreSettings("backend", options));
        checkReads();
    }

    @Benchmark
    public Map<String, String> cached() {
        return registry.get("cached", SecretFixtures.READ);
    }

    @Benchmark
    public Map<String, String> uncached() {
        return registry.get("uncached", SecretFixtures.READ);
    }

    @Benchmark
    public Optional<Map<String, String>> backend() {
        return backend.get(SecretFixtures.READ);
    }

    @TearDown
    public void close() throws IOException {
        registry.close();
        backend.close();
        if (vault != null) {
            vault.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }

    /**
     * Fails the run unless the three ways read the same secret, and, on the store that counts its reads, unless
     * {@code uncached} reads the store on every call and {@code cached} once.
     */
    private void checkReads() {
        Map<String, String> expected = SecretFixtures.secrets().get(SecretFixtures.READ);
        if (!expected.equals(cached()) || !expected.equals(uncached()) || !backend().equals(Optional.of(expected))) {
            throw new IllegalStateException("The " + store + " store does not answer " + SecretFixtures.READ);
        }
        if (vault != null) {
            int calls = 1_000;
            long before = vault.reads();
            for (int i = 0; i < calls; i++) {
                cached();
            }
            long cachedReads = vault.reads() - before;
            before = vault.reads();
            for (int i = 0; i < calls; i++) {
                uncached();
            }
            long uncachedReads = vault.reads() - before;
            System.out.printf("%n[reads of the store per %d calls: cached %d, uncached %d]%n", calls, cachedReads,
                    uncachedReads);
            if (cachedReads != 0 || uncachedReads != calls) {
                throw new IllegalStateException("Expected 0 reads cached and " + calls + " uncached, saw "
                        + cachedReads + " and " + uncachedReads);
            }
        }
    }

    /** @return the store as {@code bindery.secrets.<name>.*} would configure it, the host's options at their defaults */
    private SecretStoreConfig config(String name, Map<String, String> options, Map<String, String> host) {
        Map<String, String> all = new HashMap<>(options);
        all.putAll(host);
        all.put("type", store);
        return SecretStoreConfig.of(name, all);
    }

    private static SecretStoreProvider provider(String type) {
        for (SecretStoreProvider provider : ServiceLoader.load(SecretStoreProvider.class)) {
            if (provider.type().equals(type)) {
                return provider;
            }
        }
        throw new IllegalStateException("No secret store provider of type " + type + " on the class path");
    }
}

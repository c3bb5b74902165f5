package dev.bindery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The design's layering rule for applications: examples use the user API, never the host's internals or SPI. */
class ExamplesUseTheUserApiTest {

    private static final List<String> USER_API = List.of("dev.bindery.function.", "dev.bindery.state.",
            "dev.bindery.pubsub.", "dev.bindery.binding.", "dev.bindery.invocation.", "dev.bindery.secrets.",
            "dev.bindery.actors.",
            "dev.bindery.examples.");

    @Test
    void exampleSourcesImportOnlyTheUserApiOfBindery() throws IOException {
        List<String> offending;
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            offending = sources.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(ExamplesUseTheUserApiTest::lines)
                    .filter(line -> line.startsWith("import dev.bindery.") || line.startsWith("import static dev.bindery."))
                    .filter(line -> USER_API.stream().noneMatch(line::contains))
                    .toList();
        }
        assertThat(offending).as("imports of Bindery internals, runtime or SPI in the examples").isEmpty();
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

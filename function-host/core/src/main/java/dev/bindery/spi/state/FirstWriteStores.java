package dev.bindery.spi.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state stores the application writes first-write-wins ({@code SaveOptions.ifAbsent()} or {@code ifMatch(etag)}),
 * and the classes that do, as the build found them: a resource of the application, one {@code <store> <class>} line
 * each, so that a host whose stores are one instance's (AWS Lambda) can say at start-up which guarantees hold per
 * instance only. Written by the extension's build, read at start-up.
 */
public final class FirstWriteStores {

    /** The resource, on the application's class path. */
    public static final String RESOURCE = "META-INF/bindery/first-write-stores.txt";

    private FirstWriteStores() {
    }

    /** @return the resource's text for stores and the classes writing each first-write-wins */
    public static String format(Map<String, Set<String>> writers) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(writers).forEach((store, classes) -> new TreeSet<>(classes).forEach(type -> text.append(store)
                .append(' ').append(type).append('\n')));
        return text.toString();
    }

    /** @return store → the classes writing it first-write-wins; empty when the build wrote no resource */
    public static Map<String, Set<String>> read(ClassLoader classes) {
        Map<String, Set<String>> writers = new TreeMap<>();
        try (InputStream in = classes.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return writers;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2) {
                    writers.computeIfAbsent(parts[0], store -> new TreeSet<>()).add(parts[1]);
                }
            }
            return writers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.bindery.bindings.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

/**
 * The transport conformance contract on a file input binding over a temporary directory. A file carries only the
 * event's data: the event the function gets is the binding's, its id made of the file's name and time of change. The
 * same file (name and time) dropped again is the same event, so each case's file has one fixed time.
 */
class FileBindingConformanceTest extends BindingConformance {

    private static final FileTime WRITTEN = FileTime.from(Instant.parse("2026-11-26T09:15:30Z"));
    private static final JsonFormat FORMAT = new JsonFormat();

    @TempDir
    Path directory;

    @Override
    String[] input() throws Exception {
        return new String[]{"file", Files.createDirectories(directory.resolve("inbox")).toString(), "poll-interval",
                "50ms"};
    }

    @Override
    String[] deadLetters() throws Exception {
        return new String[]{"file", Files.createDirectories(directory.resolve("dead-letters")).toString()};
    }

    /** Writes the data next to the inbox, sets its time, and moves it in whole. */
    @Override
    void send(CloudEvent event) throws Exception {
        Path written = Files.write(directory.resolve(event.getId() + ".json"), event.getData().toBytes());
        Files.setLastModifiedTime(written, WRITTEN);
        Files.move(written, directory.resolve("inbox").resolve(written.getFileName()),
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    List<CloudEvent> deadLettersSoFar() throws Exception {
        try (Stream<Path> files = Files.list(directory.resolve("dead-letters"))) {
            return files.filter(Files::isRegularFile).sorted((a, b) -> Long.compare(a.toFile().lastModified(),
                    b.toFile().lastModified())).map(file -> {
                        try {
                            return FORMAT.deserialize(Files.readAllBytes(file));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
    }
}

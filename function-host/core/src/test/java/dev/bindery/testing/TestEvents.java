package dev.bindery.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

/** Loads the canonical test events under {@code events/} on the test class path (shared through the test-jar). */
public final class TestEvents {

    private TestEvents() {
    }

    /** @return the raw bytes of {@code events/<path>} */
    public static byte[] bytes(String path) {
        try (InputStream in = TestEvents.class.getClassLoader().getResourceAsStream("events/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No test event events/" + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the structured-mode JSON event in {@code events/<path>} */
    public static CloudEvent event(String path) {
        return new JsonFormat().deserialize(bytes(path));
    }
}

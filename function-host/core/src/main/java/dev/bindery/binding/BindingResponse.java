package dev.bindery.binding;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What an output binding answered: its data, read once (as a stream, bytes or text), and metadata such as an object's
 * {@code etag} or an HTTP {@code status}. An object's content is streamed, not held in memory, until it is read;
 * close the stream (or read it whole) to free the connection.
 */
public final class BindingResponse {

    private final InputStream data;
    private final Map<String, String> metadata;

    public BindingResponse(InputStream data, Map<String, String> metadata) {
        this.data = data == null ? InputStream.nullInputStream() : data;
        this.metadata = Map.copyOf(metadata);
    }

    public static BindingResponse of(byte[] data, Map<String, String> metadata) {
        return new BindingResponse(data == null ? null : new ByteArrayInputStream(data), metadata);
    }

    /** @return the data as a stream, to be read once */
    public InputStream stream() {
        return data;
    }

    /** @return the data, read whole */
    public byte[] bytes() {
        try (InputStream in = data) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the binding's response", e);
        }
    }

    /** @return the data, read whole, as UTF-8 text */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** @return every metadata entry */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return one metadata entry */
    public Optional<String> metadata(String name) {
        return Optional.ofNullable(metadata.get(name));
    }
}

package dev.bindery.examples.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A TCP proxy on loopback in front of an HTTP server that writes the {@code Authorization} header of every request
 * going through it to a file, one a line: what a client really signed its requests with, which a server that does not
 * verify signatures (ElasticMQ) cannot tell. The file, not an object, is what the test reads, since the test and its
 * resources may not share classes.
 */
final class RecordingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final Path recorded;

    RecordingProxy(int target, Path recorded) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.recorded = recorded;
        Files.createDirectories(recorded.getParent());
        Files.deleteIfExists(recorded);
        Files.createFile(recorded);
        daemon("recording-proxy", this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                daemon("recording-proxy-request", () -> pump(client, upstream, true));
                daemon("recording-proxy-response", () -> pump(upstream, client, false));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Copies one direction of a connection; requests are also read line by line for their header. */
    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buffer = new byte[8192];
        StringBuilder line = new StringBuilder();
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read; (read = in.read(buffer)) != -1;) {
                out.write(buffer, 0, read);
                out.flush();
                if (requests) {
                    for (int i = 0; i < read; i++) {
                        char c = (char) (buffer[i] & 0xff);
                        if (c == '\n') {
                            record(line.toString().trim());
                            line.setLength(0);
                        } else if (line.length() < 4096) {
                            line.append(c);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the other side closed the connection
        } finally {
            close(from);
            close(to);
        }
    }

    private void record(String line) {
        if (line.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
            try {
                Files.writeString(recorded, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

package dev.bindery.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays AWS Lambda's Runtime API on loopback for the official runtime client: hands out queued events on
 * {@code /invocation/next} and collects responses and errors. A raw socket server, because the client's native HTTP
 * code crashes the JVM on header names in another case than AWS sends (the JDK's HttpServer rewrites them).
 */
public final class FakeLambdaRuntimeApi implements AutoCloseable {

    /** What the function answered to one invocation. */
    public record Outcome(boolean error, String body, long nanos) {
    }

    private final ServerSocket socket;
    private final BlockingQueue<Queued> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private record Queued(String id, byte[] event, long queuedAt) {
    }

    public FakeLambdaRuntimeApi() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fake-runtime-api");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API} */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** Queues an event; the returned stage completes with the function's answer. */
    public CompletableFuture<Outcome> invoke(byte[] event) {
        String id = "req-" + ids.incrementAndGet();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(id, outcome);
        events.add(new Queued(id, event, System.nanoTime()));
        return outcome;
    }

    public Outcome invokeAndWait(byte[] event) throws Exception {
        return invoke(event).get(60, TimeUnit.SECONDS);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread handler = new Thread(() -> serve(connection), "fake-runtime-api-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private final Map<String, Long> started = new ConcurrentHashMap<>();

    private void serve(Socket connection) {
        try (connection) {
            // no Nagle delay: every answer is one write the client waits for
            connection.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head.isEmpty()) {
                    return;
                }
                String requestLine = head.substring(0, head.indexOf('\r'));
                int length = 0;
                for (String header : head.split("\r\n")) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring("content-length:".length()).trim());
                    }
                }
                byte[] body = in.readNBytes(length);
                if (requestLine.contains("/invocation/next")) {
                    Queued next = events.take();
                    started.put(next.id(), next.queuedAt());
                    String response = "HTTP/1.1 200 OK\r\n"
                            + "Content-Type: application/json\r\n"
                            + "Lambda-Runtime-Aws-Request-Id: " + next.id() + "\r\n"
                            + "Lambda-Runtime-Deadline-Ms: " + (System.currentTimeMillis() + 60_000) + "\r\n"
                            + "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:"
                            + "bindery\r\n"
                            + "Lambda-Runtime-Trace-Id: Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent="
                            + "9a9197af755a6419;Sampled=1\r\n"
                            + "Content-Length: " + next.event().length + "\r\n\r\n";
                    ByteArrayOutputStream whole = new ByteArrayOutputStream();
                    whole.writeBytes(response.getBytes(StandardCharsets.ISO_8859_1));
                    whole.writeBytes(next.event());
                    out.write(whole.toByteArray());
                } else {
                    String[] path = requestLine.split(" ")[1].split("/");
                    // /2018-06-01/runtime/invocation/<id>/response or .../error; init errors have no id
                    String id = path.length > 5 ? path[4] : "init";
                    boolean error = requestLine.contains("/error");
                    Long queuedAt = started.get(id);
                    long nanos = queuedAt == null ? 0 : System.nanoTime() - queuedAt;
                    CompletableFuture<Outcome> outcome = outcomes.get(id);
                    if (outcome != null) {
                        outcome.complete(new Outcome(error, new String(body, StandardCharsets.UTF_8), nanos));
                    } else if (error) {
                        outcomes.values().forEach(pending -> pending.complete(new Outcome(true, new String(body,
                                StandardCharsets.UTF_8), nanos)));
                    }
                    out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(
                            StandardCharsets.ISO_8859_1));
                }
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        int state = 0;
        while ((c = in.read()) != -1) {
            head.write(c);
            state = (state % 2 == 0 && c == '\r') || (state % 2 == 1 && c == '\n') ? state + 1 : 0;
            if (state == 4) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.bindery.bench.secrets;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for Vault on loopback (the JDK's HTTP server): answers KV version 2 reads at
 * {@code /v1/secret/data/<name>} with a body shaped like Vault's, 404 with no errors otherwise, and counts the reads.
 * It costs less per request than a real Vault, so the uncached figures it gives are a lower bound.
 */
final class LocalVault implements AutoCloseable {

    private static final String DATA = "/v1/secret/data/";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "local-vault");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, byte[]> bodies = new HashMap<>();
    private final AtomicLong reads = new AtomicLong();

    LocalVault(Map<String, Map<String, String>> secrets, ObjectMapper json) throws IOException {
        for (Map.Entry<String, Map<String, String>> secret : secrets.entrySet()) {
            ObjectNode body = json.createObjectNode().put("request_id", "bench").put("lease_id", "")
                    .put("renewable", false).put("lease_duration", 0);
            ObjectNode data = body.putObject("data");
            data.set("data", json.valueToTree(secret.getValue()));
            data.putObject("metadata").put("created_time", "2026-11-30T12:00:00.000000001Z").put("deletion_time", "")
                    .put("destroyed", false).put("version", 1).putNull("custom_metadata");
            body.put("mount_type", "kv");
            bodies.put(secret.getKey(), json.writeValueAsBytes(body));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/", this::answer);
        server.setExecutor(executor);
        server.start();
    }

    String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return how many reads it has answered */
    long reads() {
        return reads.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = path.startsWith(DATA) ? bodies.get(path.substring(DATA.length())) : null;
        reads.incrementAndGet();
        int status = body == null ? 404 : 200;
        if (body == null) {
            body = "{\"errors\":[]}".getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.bindery.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of the Dev UI's JSON-RPC, over its WebSocket ({@code /q/dev-ui/json-rpc-ws}) as the Dev UI's pages call it.
 */
final class DevUiJsonRpc implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final AtomicInteger ids = new AtomicInteger();

    DevUiJsonRpc(URI base) {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("/q/dev-ui/json-rpc-ws");
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Collector()).join();
    }

    /**
     * Calls a method and waits for its response.
     *
     * @param method {@code <namespace>.<method>}
     * @return the response's {@code result.object}
     * @throws AssertionError if the response is an error, or none comes within the timeout
     */
    JsonNode call(String method, Map<String, ?> params, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        socket.sendText(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params)),
                true).join();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode message = messages.poll(250, TimeUnit.MILLISECONDS);
            if (message == null || message.path("id").asInt(-1) != id) {
                continue;
            }
            if (message.has("error")) {
                throw new AssertionError(method + " answered with an error: " + message.get("error"));
            }
            return message.path("result").path("object");
        }
        throw new AssertionError(method + " did not answer within " + timeout);
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    private final class Collector implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException("Not JSON: " + text, e);
                } finally {
                    text.setLength(0);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}

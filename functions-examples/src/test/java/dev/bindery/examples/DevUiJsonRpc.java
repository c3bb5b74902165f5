package dev.bindery.examples;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client of the Dev UI's JSON-RPC, over its WebSocket ({@code /q/dev-ui/json-rpc-ws}) as the Dev UI's pages call it.
 */
final class DevUiJsonRpc implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    /** The messages received, by the id of the request they answer (a stream answers many times). */
    private final Map<Integer, BlockingQueue<JsonNode>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    DevUiJsonRpc(URI base) {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve("/q/dev-ui/json-rpc-ws");
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Collector()).join();
    }

    /**
     * Calls a method and waits for its response.
     *
     * @param method {@code <namespace>_<method>}
     * @return the response's {@code result.object}
     * @throws AssertionError if the response is an error, or none comes within the timeout
     */
    JsonNode call(String method, Map<String, ?> params, Duration timeout) throws Exception {
        return await(send(method, params), object -> true, timeout);
    }

    /** Sends a request (a call, or a subscription to a stream) without waiting; @return its id */
    int send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        socket.sendText(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params)),
                true).join();
        return id;
    }

    /**
     * Waits for a message answering request {@code id} whose {@code result.object} matches; answers to it that do not
     * match are dropped.
     *
     * @throws AssertionError if an error answers the request, or no match comes within the timeout
     */
    JsonNode await(int id, Predicate<JsonNode> match, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode message = answers(id).poll(250, TimeUnit.MILLISECONDS);
            if (message == null) {
                continue;
            }
            if (message.has("error")) {
                throw new AssertionError("Request " + id + " answered with an error: " + message.get("error"));
            }
            JsonNode object = message.path("result").path("object");
            if (match.test(object)) {
                return object;
            }
        }
        throw new AssertionError("No matching answer to request " + id + " within " + timeout);
    }

    private BlockingQueue<JsonNode> answers(int id) {
        return answers.computeIfAbsent(id, any -> new LinkedBlockingQueue<>());
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
                    JsonNode message = JSON.readTree(text.toString());
                    answers(message.path("id").asInt(-1)).add(message);
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

package dev.bindery.spi.support;

import static dev.bindery.internal.invoke.SampleFunctions.function;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.testing.FuzzInputs;

/**
 * Fuzzes the HTTP exchange with whole requests in every mode (binary, structured, batch, plain JSON on a function's
 * path): whatever the method, path, headers and body, the answer comes within seconds and is never a 5xx. The
 * functions behind it never fail, so a 5xx can only be the exchange's. An input is {@link FuzzInputs}: a first line
 * {@code METHOD PATH}, header lines, an empty line, the body; seeds and crashers live in
 * {@code src/test/resources/dev/bindery/spi/support/HttpExchangeFuzzTestInputs/}.
 */
class HttpExchangeFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpExchange EXCHANGE = new HttpExchange(new FunctionDispatcher(List.of(
            function("greet", "describe").build(), function("forward", "forward").build()), JSON, Map.of(),
            List.of()), JSON, DispatchRequest.HTTP);

    /**
     * @return the request an input stands for: its first line is {@code METHOD PATH}, and a path of one segment names
     *         the function
     */
    static HttpExchangeTest.Request request(byte[] input) {
        FuzzInputs message = FuzzInputs.read(input);
        String[] requestLine = message.firstLine().split(" ", 2);
        String path = requestLine.length > 1 ? requestLine[1] : "/";
        String function = path.length() > 1 && path.indexOf('/', 1) < 0 ? path.substring(1) : null;
        return new HttpExchangeTest.Request(requestLine[0], path, function, message.headers(), message.body());
    }

    @FuzzTest(maxDuration = "60s")
    void anyRequestIsAnsweredBelow500(byte[] input) throws Exception {
        HttpExchangeTest.Request request = request(input);

        HttpExchange.Answer answer = EXCHANGE.handle(request).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(answer.status()).as("%s %s %s: %s", request.method(), request.path(), request.headers(),
                answer.body() == null ? "" : new String(answer.body(), UTF_8)).isBetween(200, 499);
    }
}

package dev.bindery.examples.invocation;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock as the remote endpoints the invocation tests call (a third-party HTTP service whose faults it plays), and
 * the apps and resiliency policies that point at it. The test stubs each case.
 */
public class FaultyEndpoints implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String url = "http://127.0.0.1:" + server.port();
        Map<String, String> config = new HashMap<>();
        // stores of their own: this test's application starts while another test's may still hold the default dirs
        config.put("bindery.state.default.data-dir", "target/test-state/invocation/default");
        config.put("bindery.state.orders.data-dir", "target/test-state/invocation/orders");
        config.put("bindery.apps.faulty.url", url);
        config.put("bindery.apps.fragile.url", url);
        config.put("bindery.apps.plain.url", url);
        config.put("bindery.apps.pair.url", "http://127.0.0.1:" + closedPort() + "," + url);
        config.put("bindery.apps.nowhere.url", "http://127.0.0.1:" + closedPort());
        config.put("bindery.resiliency.timeouts.quick", "500ms");
        config.put("bindery.resiliency.retries.three.duration", "100ms");
        config.put("bindery.resiliency.retries.three.max-retries", "3");
        config.put("bindery.resiliency.circuit-breakers.trip.consecutive-failures", "3");
        config.put("bindery.resiliency.circuit-breakers.trip.timeout", "1s");
        config.put("bindery.resiliency.targets.apps.faulty.retry", "three");
        config.put("bindery.resiliency.targets.apps.faulty.timeout", "quick");
        config.put("bindery.resiliency.targets.apps.pair.retry", "three");
        config.put("bindery.resiliency.targets.apps.fragile.circuit-breaker", "trip");
        config.put("bindery.resiliency.targets.apps.bindery-examples.retry", "three");
        // an output binding's calls under the same retry policy
        config.put("bindery.bindings.hook.http", url);
        config.put("bindery.resiliency.targets.components.hook.outbound.retry", "three");
        return config;
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        server.stop();
    }
}

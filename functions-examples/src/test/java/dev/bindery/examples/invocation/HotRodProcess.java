package dev.bindery.examples.invocation;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.bindery.examples.HotRodServerProcess;

/**
 * A Hot Rod server as a separate process ({@link HotRodServerProcess}), which the test can kill and start again on the
 * same port: the state store {@code remote} points at it, with resiliency policies on its outbound calls.
 */
public class HotRodProcess implements QuarkusTestResourceLifecycleManager {

    static HotRodServerProcess server;

    @Override
    public Map<String, String> start() {
        server = HotRodServerProcess.start();
        // stores of their own: this test's application starts while another test's may still hold the default dirs
        return Map.of("bindery.state.default.data-dir", "target/test-state/store-resiliency/default",
                "bindery.state.orders.data-dir", "target/test-state/store-resiliency/orders",
                "bindery.state.remote.mode", "remote",
                "bindery.state.remote.cache-name", "state",
                "bindery.state.remote.hotrod.servers", server.address(),
                "bindery.resiliency.timeouts.store", "2s",
                "bindery.resiliency.retries.storing.duration", "500ms",
                "bindery.resiliency.retries.storing.max-retries", "30",
                "bindery.resiliency.targets.components.remote.outbound.timeout", "store",
                "bindery.resiliency.targets.components.remote.outbound.retry", "storing");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}

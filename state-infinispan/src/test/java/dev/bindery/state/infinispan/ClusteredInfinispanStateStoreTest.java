package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.StateOperation;
import dev.bindery.state.StateStore;
import dev.bindery.testing.StateStoreContract;

/**
 * The state contract on a 3-node Infinispan cluster formed over JGroups TCP on loopback in this JVM (distributed
 * cache, 2 owners per key); the contract runs against one node while the others hold copies.
 */
class ClusteredInfinispanStateStoreTest extends StateStoreContract {

    private static final int NODES = 3;
    private static final List<EmbeddedInfinispanStateBackend> nodes = new ArrayList<>();

    @BeforeAll
    static void formCluster() throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.add(socket.getLocalPort());
            }
        }
        String hosts = ports.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
        for (int port : ports) {
            nodes.add((EmbeddedInfinispanStateBackend) new InfinispanStateStoreProvider().open(new StoreSettings("cluster",
                    Map.of(
                            "mode", "clustered",
                            "persistence", "false",
                            "cluster.name", "bindery-test-" + ports.get(0),
                            "cluster.bind-address", "127.0.0.1",
                            "cluster.bind-port", Integer.toString(port),
                            "cluster.initial-hosts", hosts))));
        }
        assertThat(nodes.get(0).cache().getCacheManager().getMembers()).hasSize(NODES);
    }

    @AfterAll
    static void stopCluster() {
        nodes.forEach(StateBackend::close);
    }

    @Override
    protected StateBackend backend() {
        return nodes.get(0);
    }

    /** Each node relays the pending outbox entries it is the primary owner of. */
    @Override
    protected List<StateBackend> members() {
        return List.copyOf(nodes);
    }

    private static StateStore storeOn(StateBackend node) {
        return new ScopedStateStore("cluster", node, KeyScope.prefixed("app"), ScopedStateStore.Limits.DEFAULT,
                new ObjectMapper());
    }

    @Test
    void tenThousandKeysSurviveTheLossOfANode() throws InterruptedException {
        StateStore writer = storeOn(nodes.get(0));
        int keys = 10_000;
        for (int batch = 0; batch < keys; batch += 500) {
            List<StateOperation> saves = new ArrayList<>();
            for (int i = batch; i < batch + 500; i++) {
                saves.add(StateOperation.save(key("k" + i), i));
            }
            writer.transact(saves);
        }

        nodes.remove(NODES - 1).close();

        for (EmbeddedInfinispanStateBackend survivor : nodes) {
            // the survivors install the smaller view asynchronously after the leave
            long deadline = System.currentTimeMillis() + 30_000;
            while (survivor.cache().getCacheManager().getMembers().size() != NODES - 1
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(survivor.cache().getCacheManager().getMembers()).hasSize(NODES - 1);
            StateStore reader = storeOn(survivor);
            for (int i = 0; i < keys; i++) {
                assertThat(reader.get(key("k" + i)).orElseThrow().value(Integer.class)).isEqualTo(i);
            }
        }
    }
}

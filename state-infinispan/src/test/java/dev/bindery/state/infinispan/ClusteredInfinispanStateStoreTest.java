package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.StateOperation;
import dev.bindery.state.StateStore;
import dev.bindery.testing.StateStoreContract;

/**
 * The state contract on a 3-node Infinispan cluster formed over JGroups TCP on loopback in this JVM (distributed
 * cache, 2 owners per key); the contract runs against one node while the others hold copies.
 */
class ClusteredInfinispanStateStoreTest extends StateStoreContract {

    private static final int NODES = 3;
    private static LoopbackCluster cluster;
    private static List<EmbeddedInfinispanStateBackend> nodes;

    @BeforeAll
    static void formCluster() {
        cluster = new LoopbackCluster(NODES);
        nodes = new ArrayList<>(cluster.start(NODES));
        assertThat(nodes.get(0).cache().getCacheManager().getMembers()).hasSize(NODES);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
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
    void tenThousandKeysSurviveTheLossOfANode() {
        StateStore writer = storeOn(nodes.get(0));
        int keys = 10_000;
        for (int batch = 0; batch < keys; batch += 500) {
            List<StateOperation> saves = new ArrayList<>();
            for (int i = batch; i < batch + 500; i++) {
                saves.add(StateOperation.save(key("k" + i), i));
            }
            writer.transact(saves);
        }

        cluster.stop(nodes.remove(NODES - 1));
        // the survivors install the smaller view asynchronously after the leave
        cluster.awaitView();

        for (EmbeddedInfinispanStateBackend survivor : nodes) {
            assertThat(survivor.cache().getCacheManager().getMembers()).hasSize(NODES - 1);
            StateStore reader = storeOn(survivor);
            for (int i = 0; i < keys; i++) {
                assertThat(reader.get(key("k" + i)).orElseThrow().value(Integer.class)).isEqualTo(i);
            }
        }
    }
}

package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.infinispan.factories.ComponentRegistry;
import org.infinispan.factories.GlobalComponentRegistry;
import org.infinispan.partitionhandling.AvailabilityException;
import org.infinispan.partitionhandling.AvailabilityMode;
import org.infinispan.remoting.transport.Transport;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.infinispan.transaction.impl.TransactionTable;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.StateException;

/**
 * A 3-member cluster split in two, the way Infinispan's own partition tests do it: each side discards the other's
 * messages and installs a view of its own members.
 */
class ClusteredInfinispanPartitionTest {

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(3, 3);

    @Test
    void aMemberCutOffFromTheMajorityRefusesReadsAndWritesWhileTheMajorityGoesOn() throws Exception {
        List<EmbeddedInfinispanStateBackend> members = cluster.running();
        EmbeddedInfinispanStateBackend isolated = members.get(2);
        List<EmbeddedInfinispanStateBackend> majority = members.subList(0, 2);
        isolated.put("before", new byte[]{1}, null, false, null);

        split(majority, List.of(isolated));
        LoopbackCluster.await(() -> isolated.cache().getAvailability() == AvailabilityMode.DEGRADED_MODE,
                "the isolated member to enter degraded mode");
        LoopbackCluster.await(() -> majority.stream().allMatch(member -> member.cache().getCacheManager().getMembers()
                .size() == 2 && member.cache().getAvailability() == AvailabilityMode.AVAILABLE),
                "the majority to go on without the isolated member");

        assertThatThrownBy(() -> isolated.put("during", new byte[]{2}, null, false, null))
                .isInstanceOf(StateException.class).hasMessageContaining("refuses writes while the cluster is split");
        assertThatThrownBy(() -> isolated.apply(List.of(new StateBackend.Write("during", new byte[]{2}, null, false,
                null)))).isInstanceOf(StateException.class);
        assertThat(ComponentRegistry.of(isolated.cache()).getComponent(TransactionTable.class).getLocalTxCount())
                .as("transactions left open by refused writes").isZero();
        assertThatThrownBy(() -> isolated.get("before")).isInstanceOf(StateException.class)
                .hasMessageContaining("refuses reads and writes of this key").hasCauseInstanceOf(AvailabilityException.class);
        majority.get(0).put("during", new byte[]{2}, null, false, null);
        assertThat(majority.get(1).get("during")).isPresent();
        assertThat(majority.get(1).get("before")).isPresent();
    }

    private static void split(List<EmbeddedInfinispanStateBackend> one, List<EmbeddedInfinispanStateBackend> other)
            throws Exception {
        long viewId = channels(one).get(0).getView().getViewId().getId() + 1;
        isolate(one, other, viewId);
        isolate(other, one, viewId);
    }

    private static void isolate(List<EmbeddedInfinispanStateBackend> side, List<EmbeddedInfinispanStateBackend> others,
            long viewId) throws Exception {
        List<JChannel> channels = channels(side);
        List<Address> addresses = channels.stream().map(JChannel::getAddress).toList();
        for (JChannel channel : channels) {
            DISCARD discard = new DISCARD();
            channels(others).forEach(other -> discard.addIgnoreMember(other.getAddress()));
            channel.getProtocolStack().insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
        }
        View view = View.create(addresses.get(0), viewId, addresses);
        for (JChannel channel : channels) {
            channel.getProtocolStack().<GMS>findProtocol(GMS.class).installView(view);
        }
    }

    private static List<JChannel> channels(List<EmbeddedInfinispanStateBackend> side) {
        return side.stream().map(member -> ((JGroupsTransport) GlobalComponentRegistry.of(member.cache().getCacheManager())
                .getComponent(Transport.class)).getChannel()).toList();
    }
}

package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.infinispan.distribution.LocalizedCacheTopology;
import org.infinispan.distribution.ch.KeyPartitioner;
import org.infinispan.topology.CacheTopology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Key ownership on a 3-member cluster formed over JGroups TCP on loopback in this JVM: an actor's keys are owned with the
 * actor, exactly one member owns each, and members learn when ownership moves.
 */
class ClusteredInfinispanOwnershipTest {

    @RegisterExtension
    final LoopbackCluster cluster = new LoopbackCluster(4, 3);

    @Test
    void anActorsStateLeaseAndRemindersAreOwnedWithTheActorByExactlyOneMember() {
        List<EmbeddedInfinispanStateBackend> members = cluster.running();
        List<String> misplaced = new ArrayList<>();
        Map<String, Integer> actorsPerOwner = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String actor = "app||Cart||" + UUID.randomUUID();
            String owner = members.get(0).ownerOf(actor);
            List<String> keys = List.of(actor, actor + "||k1", actor + "||$lease", actor + "||$reminder||r");
            for (EmbeddedInfinispanStateBackend member : members) {
                LocalizedCacheTopology topology = member.cache().getDistributionManager().getCacheTopology();
                for (String key : keys) {
                    if (!member.ownerOf(key).equals(owner) || topology.getSegment(key) != topology.getSegment(actor)) {
                        misplaced.add(key + " on " + member.member());
                    }
                }
            }
            List<String> owning = members.stream().filter(member -> member.ownedHere(actor))
                    .map(EmbeddedInfinispanStateBackend::member).toList();
            if (!owning.equals(List.of(owner))) {
                misplaced.add(actor + " owned by " + owner + " but owned here on " + owning);
            }
            actorsPerOwner.merge(owner, 1, Integer::sum);
        }
        assertThat(misplaced).isEmpty();
        assertThat(actorsPerOwner.keySet())
                .containsExactlyInAnyOrderElementsOf(members.stream().map(EmbeddedInfinispanStateBackend::member).toList());
        assertThat(actorsPerOwner.values()).allSatisfy(actors -> assertThat(actors).isGreaterThan(2_000));
    }

    @Test
    void aKeyWithFewerThanThreeSeparatorsKeepsTheOwnerOfItsOwnSegment() {
        List<EmbeddedInfinispanStateBackend> members = cluster.running();
        EmbeddedInfinispanStateBackend member = members.get(0);
        LocalizedCacheTopology topology = member.cache().getDistributionManager().getCacheTopology();
        // the partitioner Infinispan wraps with the grouping one: placement without groups
        KeyPartitioner ungrouped = member.cache().getCacheConfiguration().clustering().hash().keyPartitioner();
        int movedByGroups = 0;
        for (int i = 0; i < 1_000; i++) {
            for (String key : List.of("order-" + i, "app||order-" + i, "bindery-outbox||app||" + UUID.randomUUID())) {
                String ownOwner = topology.getSegmentDistribution(ungrouped.getSegment(key)).primary().getNodeUUID()
                        .toString();
                assertThat(member.ownerOf(key)).as(key).isEqualTo(ownOwner);
            }
            String actorState = "app||Cart||" + i + "||k1";
            if (ungrouped.getSegment(actorState) != topology.getSegment(actorState)) {
                movedByGroups++;
            }
        }
        assertThat(movedByGroups).as("actor state keys placed by their actor rather than by themselves")
                .isGreaterThan(900);
    }

    @Test
    void theOwnershipListenerFiresOnTheSurvivorsAfterAJoinAndALeaveAndOwnersAgreeAgain() throws Exception {
        List<EmbeddedInfinispanStateBackend> members = cluster.running();
        List<BlockingQueue<CacheTopology>> calls = new ArrayList<>();
        for (EmbeddedInfinispanStateBackend member : members) {
            BlockingQueue<CacheTopology> seen = new LinkedBlockingQueue<>();
            member.onOwnershipChange(() -> seen.add(member.cache().getDistributionManager().getCacheTopology()));
            calls.add(seen);
        }
        BlockingQueue<CacheTopology> closedCalls = new LinkedBlockingQueue<>();
        members.get(0).onOwnershipChange(() -> closedCalls.add(members.get(0).cache().getDistributionManager()
                .getCacheTopology())).close();

        EmbeddedInfinispanStateBackend joiner = cluster.startMember();
        cluster.awaitView();
        cluster.awaitStableTopology();
        for (BlockingQueue<CacheTopology> seen : calls) {
            awaitCallWithMembers(seen, 4);
        }
        assertOwnersAgree(cluster.running());

        calls.forEach(BlockingQueue::clear);
        cluster.stop(joiner);
        cluster.awaitView();
        cluster.awaitStableTopology();
        for (BlockingQueue<CacheTopology> seen : calls) {
            awaitCallWithMembers(seen, 3);
        }
        assertOwnersAgree(cluster.running());
        assertThat(closedCalls).as("a closed registration is not called").isEmpty();
    }

    @Test
    void aStoppedMemberIsNoLongerAMemberOnTheSurvivors() {
        List<EmbeddedInfinispanStateBackend> members = cluster.running();
        EmbeddedInfinispanStateBackend leaving = members.get(2);
        List<String> names = members.stream().map(EmbeddedInfinispanStateBackend::member).toList();
        assertThat(names).doesNotHaveDuplicates();
        for (EmbeddedInfinispanStateBackend member : members) {
            assertThat(names).allSatisfy(name -> assertThat(member.isMember(name)).isTrue());
        }

        cluster.stop(leaving);
        cluster.awaitView();

        for (EmbeddedInfinispanStateBackend survivor : cluster.running()) {
            assertThat(survivor.isMember(leaving.member())).isFalse();
            assertThat(survivor.isMember(survivor.member())).isTrue();
            assertThat(survivor.isMember("not-a-member")).isFalse();
        }
    }

    /** Waits for a call made when the member's topology had that many members, outside a rebalance. */
    private static void awaitCallWithMembers(BlockingQueue<CacheTopology> seen, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            CacheTopology topology = seen.poll(100, TimeUnit.MILLISECONDS);
            if (topology != null) {
                assertThat(topology.getPhase()).as("a call's topology").isEqualTo(CacheTopology.Phase.NO_REBALANCE);
                if (topology.getMembers().size() == size) {
                    return;
                }
            }
        }
        throw new AssertionError("The ownership listener was not called with " + size + " members");
    }

    private static void assertOwnersAgree(List<EmbeddedInfinispanStateBackend> members) {
        for (int i = 0; i < 1_000; i++) {
            String actor = "app||Cart||" + i;
            String owner = members.get(0).ownerOf(actor);
            assertThat(members).allSatisfy(member -> assertThat(member.ownerOf(actor + "||$lease")).isEqualTo(owner));
            assertThat(members.stream().filter(member -> member.ownedHere(actor)).map(EmbeddedInfinispanStateBackend::member))
                    .containsExactly(owner);
        }
    }
}

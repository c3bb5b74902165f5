package dev.bindery.state.infinispan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.infinispan.distribution.LocalizedCacheTopology;
import org.infinispan.topology.CacheTopology;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.bindery.spi.state.StoreSettings;

/**
 * Embedded clustered state backends in this JVM, found by TCPPING over JGroups TCP on loopback ports reserved up front
 * (so members started later find the others); not persisted. Closing it stops the members still running. As a JUnit
 * extension of a test instance, it forms its first members before each test and closes after it, also on failure.
 */
final class LoopbackCluster implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    private final List<Integer> ports = new ArrayList<>();
    private final List<EmbeddedInfinispanStateBackend> running = new ArrayList<>();
    private final int formedBeforeEach;

    /** @param capacity how many members may be started */
    LoopbackCluster(int capacity) {
        this(capacity, 0);
    }

    /**
     * @param capacity how many members may be started
     * @param formedBeforeEach how many members to start, and wait for a stable topology of, before each test
     */
    LoopbackCluster(int capacity, int formedBeforeEach) {
        this.formedBeforeEach = formedBeforeEach;
        for (int i = 0; i < capacity; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.add(socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (formedBeforeEach > 0) {
            start(formedBeforeEach);
            awaitStableTopology();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** @return the members started, in order, once each sees all of them */
    List<EmbeddedInfinispanStateBackend> start(int members) {
        List<EmbeddedInfinispanStateBackend> started = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            started.add(startMember());
        }
        awaitView();
        return started;
    }

    /** @return a new member, joining the running ones */
    EmbeddedInfinispanStateBackend startMember() {
        if (running.size() + 1 > ports.size()) {
            throw new IllegalStateException("No port reserved for another member");
        }
        String hosts = ports.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
        EmbeddedInfinispanStateBackend member = (EmbeddedInfinispanStateBackend) new InfinispanStateStoreProvider()
                .open(new StoreSettings("cluster", Map.of(
                        "mode", "clustered",
                        "persistence", "false",
                        "cluster.name", "bindery-test-" + ports.get(0),
                        "cluster.bind-address", "127.0.0.1",
                        "cluster.bind-port", Integer.toString(ports.get(running.size())),
                        "cluster.initial-hosts", hosts)));
        running.add(member);
        return member;
    }

    /** Stops the member (a graceful leave). */
    void stop(EmbeddedInfinispanStateBackend member) {
        running.remove(member);
        member.close();
    }

    /** @return the members running */
    List<EmbeddedInfinispanStateBackend> running() {
        return List.copyOf(running);
    }

    /** Waits until every running member's view holds exactly the running members. */
    void awaitView() {
        await(() -> running.stream().allMatch(member -> member.cache().getCacheManager().getMembers().size() == running
                .size()), "every member to see " + running.size() + " members");
    }

    /** Waits until every running member has the same topology of the running members, with no rebalance under way. */
    void awaitStableTopology() {
        await(() -> {
            List<LocalizedCacheTopology> topologies = running.stream()
                    .map(member -> member.cache().getDistributionManager().getCacheTopology()).toList();
            return topologies.stream().allMatch(topology -> topology.getPhase() == CacheTopology.Phase.NO_REBALANCE
                    && topology.getMembers().size() == running.size()
                    && topology.getTopologyId() == topologies.get(0).getTopologyId());
        }, "a stable topology of " + running.size() + " members on every member");
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (EmbeddedInfinispanStateBackend member : List.copyOf(running)) {
            try {
                stop(member);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

package dev.bindery.state.infinispan;

import static dev.bindery.testing.ActorTestHost.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.infinispan.topology.CacheTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ActorLifecycle;
import dev.bindery.actors.ReminderOptions;
import dev.bindery.actors.Schedule;
import dev.bindery.internal.actors.ActorMovedException;
import dev.bindery.spi.actors.ActorForwarder;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.testing.ActorTestHost;
import dev.bindery.testing.ActorTestHost.TypeSpec;

/**
 * Actors on a cluster of Infinispan members formed over JGroups TCP on loopback in this JVM: each member runs the actor
 * runtime on its member of the cluster; a call arriving at a member that does not own the actor is forwarded to the
 * owner (here in the JVM; over HTTP in the host). Placement comes from Infinispan's key ownership, single activation
 * from the lease the turns' saves are conditional on.
 */
class ClusteredActorsTest {

    /** A counter that records where and when it was active. */
    public static class Counter implements ActorLifecycle {
        static final List<String[]> ACTIVATIONS = new CopyOnWriteArrayList<>();
        static final Map<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
        static final AtomicInteger OVERLAPS = new AtomicInteger();
        static final ThreadLocal<String> MEMBER = new ThreadLocal<>();

        public int increment(int by, ActorContext actor) {
            AtomicInteger running = RUNNING.computeIfAbsent(actor.id(), id -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                OVERLAPS.incrementAndGet();
            }
            try {
                int value = actor.state().get("count", Integer.class).orElse(0) + by;
                actor.state().set("count", value);
                return value;
            } finally {
                running.decrementAndGet();
            }
        }

        public int get(ActorContext actor) {
            return actor.state().get("count", Integer.class).orElse(0);
        }

        public void tick(ActorContext actor) {
            actor.state().set("ticks", actor.state().get("ticks", Integer.class).orElse(0) + 1);
        }

        public int ticks(ActorContext actor) {
            return actor.state().get("ticks", Integer.class).orElse(0);
        }

        public void remindEverySecond(ActorContext actor) {
            actor.reminders().register("beat", Schedule.in(Duration.ofMillis(500)).every(Duration.ofSeconds(1)),
                    null, ReminderOptions.defaults().callback("tick"));
        }

        @Override
        public void onActivate(ActorContext context) {
            ACTIVATIONS.add(new String[]{context.id(), "activate", Long.toString(System.nanoTime())});
        }

        @Override
        public void onDeactivate(ActorContext context) {
            ACTIVATIONS.add(new String[]{context.id(), "deactivate", Long.toString(System.nanoTime())});
        }
    }

    /** Sends a call to the host that advertises the URL, as the host's HTTP forwarder does over the network. */
    private final class InJvmForwarder implements ActorForwarder {
        @Override
        public CompletableFuture<Outcome> forward(String ownerUrl, DispatchRequest request, int hops) {
            ActorTestHost owner = byUrl.get(ownerUrl);
            if (owner == null) {
                return CompletableFuture.completedFuture(Outcome.HostFailure.of(null, "connection refused",
                        new ActorMovedException("member " + ownerUrl + " is gone", null), request.event()));
            }
            DispatchRequest forwarded = new DispatchRequest(CloudEventBuilder.from(request.event())
                    .withExtension("actorhops", Integer.toString(hops + 1)).build(), request.target(),
                    request.transport(), request.credentials());
            return CompletableFuture.supplyAsync(() -> forwarded, network)
                    .thenCompose(r -> owner.dispatcher.dispatch(r)).toCompletableFuture();
        }
    }

    private final ExecutorService network = Executors.newFixedThreadPool(8);
    private final Map<String, ActorTestHost> byUrl = new ConcurrentHashMap<>();
    private final List<Member> members = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private record Member(EmbeddedInfinispanStateBackend backend, ActorTestHost host, String url) {
    }

    @BeforeEach
    void formCluster() throws IOException {
        Counter.ACTIVATIONS.clear();
        Counter.RUNNING.clear();
        Counter.OVERLAPS.set(0);
        for (int i = 0; i < 4; i++) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports.add(socket.getLocalPort());
            }
        }
        for (int i = 0; i < 3; i++) {
            join(i);
        }
        // the view, then the cache's topology: actors are placed by the cache's consistent hash, which takes in a new
        // member only once the rebalance after its join is over (before that, every actor lands on the first members)
        await(Duration.ofSeconds(30), () -> members.stream().allMatch(m -> m.backend.cache().getCacheManager()
                .getMembers().size() == 3));
        await(Duration.ofSeconds(30), () -> members.stream().allMatch(m -> {
            CacheTopology topology = m.backend.cache().getAdvancedCache().getDistributionManager().getCacheTopology();
            return topology.getActualMembers().size() == 3 && topology.getPhase() == CacheTopology.Phase.NO_REBALANCE;
        }));
    }

    private Member join(int index) {
        String hosts = ports.stream().map(p -> "127.0.0.1[" + p + "]").collect(Collectors.joining(","));
        EmbeddedInfinispanStateBackend backend = (EmbeddedInfinispanStateBackend) new InfinispanStateStoreProvider()
                .open(new StoreSettings("actors", Map.of(
                        "mode", "clustered",
                        "persistence", "false",
                        "cluster.name", "bindery-actors-" + ports.get(0),
                        "cluster.bind-address", "127.0.0.1",
                        "cluster.bind-port", Integer.toString(ports.get(index)),
                        "cluster.initial-hosts", hosts)));
        String url = "jvm://member-" + index;
        ActorTestHost host = new ActorTestHost(backend, List.of(new TypeSpec("Counter", Counter.class, Counter::new,
                Duration.ofMinutes(10), false, 32)), ActorTestHost.settings("app", url), Clock.systemUTC(),
                new InJvmForwarder());
        byUrl.put(url, host);
        Member member = new Member(backend, host, url);
        members.add(member);
        return member;
    }

    /** Stops a member as a crash would: its store first (nothing it still does reaches the cluster), then the rest. */
    private void stop(Member member) {
        byUrl.remove(member.url);
        members.remove(member);
        member.backend.close();
        member.host.close();
    }

    @AfterEach
    void stopCluster() {
        for (Member member : List.copyOf(members)) {
            member.host.close();
            member.backend.close();
        }
        network.shutdownNow();
    }

    @Test
    void tenThousandIncrementsSentThroughEveryMemberGiveExactTotals() {
        // ten actors: all ten hashed to one of three members would be a 1-in-20,000 chance (five: 1 in 81)
        int counters = 10;
        int calls = 10_000;
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            Member via = members.get(i % members.size());
            inFlight.acquireUninterruptibly();
            results.add(via.host.client.callAsync("Counter", "c" + (i % counters), "increment", 1, Integer.class)
                    .whenComplete((v, e) -> inFlight.release()).toCompletableFuture());
        }
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();

        for (int c = 0; c < counters; c++) {
            for (Member member : members) {
                assertThat(member.host.client.call("Counter", "c" + c, "get", null, Integer.class))
                        .isEqualTo(calls / counters);
            }
        }
        assertThat(Counter.OVERLAPS.get()).isZero();
        Set<String> owners = Set.copyOf(members.stream().filter(m -> m.host.runtime.activeCount() > 0)
                .map(Member::url).toList());
        assertThat(owners).as("actors are placed on more than one member").hasSizeGreaterThan(1);
        for (int c = 0; c < counters; c++) {
            String actor = "app||Counter||c" + c;
            assertThat(members.stream().filter(m -> m.backend.ownedHere(actor)).count()).isEqualTo(1);
        }
    }

    @Test
    void whenTheOwnerStopsUnderLoadItsActorsComeBackOnASurvivorWithNothingLost() throws Exception {
        int counters = 6;
        for (int c = 0; c < counters; c++) {
            members.get(0).host.client.call("Counter", "c" + c, "increment", 0, Integer.class);
        }
        Member victim = members.stream().filter(m -> m.host.runtime.activeCount() > 0).findFirst().orElseThrow();
        List<Member> survivors = members.stream().filter(m -> m != victim).toList();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Member via = survivors.get(s % survivors.size());
            int sender = s;
            senders.add(CompletableFuture.runAsync(() -> {
                int i = 0;
                while (sending.get()) {
                    try {
                        via.host.client.call("Counter", "c" + ((sender + i++) % counters), "increment", 1,
                                Integer.class);
                        acknowledged.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }, network));
        }
        Thread.sleep(500);
        stop(victim);
        Thread.sleep(1500);
        sending.set(false);
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).join();

        int total = 0;
        for (int c = 0; c < counters; c++) {
            total += survivors.get(0).host.client.call("Counter", "c" + c, "get", null, Integer.class);
        }
        // every acknowledged increment is there; a call that failed while the owner stopped may or may not have been
        // saved (its caller cannot know), never twice
        assertThat(total).isBetween(acknowledged.get(), acknowledged.get() + failed.get());
        assertThat(acknowledged.get()).isGreaterThan(100);
        assertThat(Counter.OVERLAPS.get()).isZero();
        for (int c = 0; c < counters; c++) {
            String actor = "app||Counter||c" + c;
            assertThat(survivors.stream().filter(m -> m.backend.ownedHere(actor)).count()).isEqualTo(1);
        }
    }

    @Test
    void aOneSecondReminderKeepsFiringOncePerDueTimeWhileItsOwnerIsStopped() throws Exception {
        Member entry = members.get(0);
        entry.host.client.call("Counter", "beating", "remindEverySecond", null, Void.class);
        String actor = "app||Counter||beating";
        Member owner = members.stream().filter(m -> m.backend.ownedHere(actor)).findFirst().orElseThrow();
        await(Duration.ofSeconds(10), () -> entry.host.client.call("Counter", "beating", "ticks", null,
                Integer.class) >= 2);
        stop(owner);
        Member survivor = members.get(0);
        int atStop = claims(survivor, actor).size();

        await(Duration.ofSeconds(20), () -> claims(survivor, actor).size() >= atStop + 3);
        List<Long> dues = claims(survivor, actor).stream()
                .map(key -> Long.parseLong(key.substring(key.lastIndexOf("||") + 2))).sorted().toList();
        int ticks = survivor.host.client.call("Counter", "beating", "ticks", null, Integer.class);
        assertThat(dues).doesNotHaveDuplicates();
        // each saved firing is one claimed due time: none ran twice, none was saved without its claim
        assertThat(ticks).isEqualTo(dues.size());
        for (int i = 1; i < dues.size(); i++) {
            assertThat((dues.get(i) - dues.get(0)) % 1000).as("due times stay on the one-second grid").isZero();
        }
    }

    @Test
    void aFourthMemberJoiningTakesSomeActorsWithoutADoubleActivation() throws Exception {
        int counters = 30;
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger acknowledged = new AtomicInteger();
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        List<Member> callers = List.copyOf(members);
        for (int s = 0; s < 3; s++) {
            Member via = callers.get(s);
            senders.add(CompletableFuture.runAsync(() -> {
                int i = 0;
                while (sending.get()) {
                    via.host.client.call("Counter", "c" + (i++ % counters), "increment", 1, Integer.class);
                    acknowledged.incrementAndGet();
                }
            }, network));
        }
        Thread.sleep(500);
        Member joined = join(3);
        await(Duration.ofSeconds(30), () -> members.stream().allMatch(m -> m.backend.cache().getCacheManager()
                .getMembers().size() == 4));
        await(Duration.ofSeconds(30), () -> joined.host.runtime.activeCount() > 0);
        Thread.sleep(500);
        sending.set(false);
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).join();

        int total = 0;
        for (int c = 0; c < counters; c++) {
            total += joined.host.client.call("Counter", "c" + c, "get", null, Integer.class);
        }
        assertThat(total).isEqualTo(acknowledged.get());
        assertThat(Counter.OVERLAPS.get()).isZero();
        assertNoOverlappingActivations();
    }

    /** Per actor, an activation ends before the next one begins. */
    private static void assertNoOverlappingActivations() {
        Map<String, List<String[]>> byActor = Counter.ACTIVATIONS.stream()
                .collect(Collectors.groupingBy(e -> e[0]));
        byActor.forEach((id, events) -> {
            List<String[]> ordered = events.stream().sorted((a, b) -> Long.compare(Long.parseLong(a[2]),
                    Long.parseLong(b[2]))).toList();
            String previous = "deactivate";
            for (String[] event : ordered) {
                assertThat(event[1]).as("actor %s: %s follows %s", id, event[1], previous).isNotEqualTo(previous);
                previous = event[1];
            }
        });
    }

    /** The claims of the reminder's firings, from every member (each lists the entries it holds). */
    private List<String> claims(Member ignored, String actor) {
        return members.stream().flatMap(m -> m.backend.keys(actor + "||$fired||beat||", 10_000).stream()).distinct()
                .toList();
    }
}

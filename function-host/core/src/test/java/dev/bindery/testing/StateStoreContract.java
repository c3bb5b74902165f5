package dev.bindery.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;

import dev.bindery.internal.outbox.Outbox;
import dev.bindery.internal.outbox.OutboxEntry;
import dev.bindery.internal.outbox.OutboxRelay;
import dev.bindery.internal.pubsub.InMemoryPubSubBroker;
import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.internal.state.UnitOfWork;
import dev.bindery.pubsub.PublishException;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.state.BulkResult;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.InvalidStateRequestException;
import dev.bindery.state.OutboxPublish;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateOperation;
import dev.bindery.state.StateStore;

/**
 * The state contract every backend must keep: extend it and return the backend under test. Tests use fresh keys, so
 * one backend may serve every test.
 */
public abstract class StateStoreContract {

    public record Counter(int count) {
    }

    public record Order(String id, String item, int quantity) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private String run;

    /** @return the backend under test; may be shared by all tests of the class */
    protected abstract StateBackend backend();

    protected StateStore store(String appId) {
        return new ScopedStateStore("contract", backend(), KeyScope.prefixed(appId), new ScopedStateStore.Limits(256,
                64 * 1024), mapper);
    }

    @BeforeEach
    void newKeys() {
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    protected String key(String name) {
        return run + "-" + name;
    }

    @Test
    void aCheckInATransactionWritesNothingAndFailsItWhenTheEtagChanged() {
        StateBackend backend = backend();
        String fence = "contract-check-" + java.util.UUID.randomUUID();
        String data = fence + "-data";
        String etag = backend.put(fence, "1".getBytes(), null, false, null);

        backend.apply(List.of(StateBackend.Write.check(fence, etag),
                new StateBackend.Write(data, "a".getBytes(), null, false, null)));
        assertThat(backend.get(fence).orElseThrow().etag()).as("a check writes nothing").isEqualTo(etag);
        assertThat(new String(backend.get(data).orElseThrow().value())).isEqualTo("a");

        backend.put(fence, "2".getBytes(), etag, false, null);
        assertThatThrownBy(() -> backend.apply(List.of(StateBackend.Write.check(fence, etag),
                new StateBackend.Write(data, "b".getBytes(), null, false, null))))
                .isInstanceOf(ETagMismatchException.class);
        assertThat(new String(backend.get(data).orElseThrow().value())).as("nothing of the failed transaction")
                .isEqualTo("a");
    }

    @Test
    void savedValuesReadBackTypedOrRawWithAnEtag() {
        StateStore store = store("app");
        String etag = store.save(key("order"), new Order("1", "teapot", 2));
        store.save(key("raw"), new byte[]{1, 2, 3});

        StateItem item = store.get(key("order")).orElseThrow();
        assertThat(item.value(Order.class)).isEqualTo(new Order("1", "teapot", 2));
        assertThat(item.etag()).isEqualTo(etag);
        assertThat(item.expiresAt()).isEmpty();
        assertThat(store.get(key("raw")).orElseThrow().bytes()).containsExactly(1, 2, 3);
        assertThat(store.get(key("absent"))).isEmpty();
    }

    @Test
    void withoutAnEtagTheLastWriteWinsAndEveryWriteChangesTheEtag() {
        StateStore store = store("app");
        String first = store.save(key("k"), "one");
        String second = store.save(key("k"), "two");

        assertThat(second).isNotEqualTo(first);
        assertThat(store.get(key("k")).orElseThrow().value(String.class)).isEqualTo("two");
    }

    @Test
    void aSaveWithAStaleEtagFailsAndWritesNothing() {
        StateStore store = store("app");
        String stale = store.save(key("k"), "one");
        String current = store.save(key("k"), "two");

        assertThatThrownBy(() -> store.save(key("k"), "three", SaveOptions.ifMatch(stale)))
                .isInstanceOf(ETagMismatchException.class).hasMessageContaining(key("k"));
        assertThat(store.get(key("k")).orElseThrow().value(String.class)).isEqualTo("two");

        String next = store.save(key("k"), "three", SaveOptions.ifMatch(current));
        assertThat(store.get(key("k")).orElseThrow().etag()).isEqualTo(next);
        assertThatThrownBy(() -> store.save(key("missing"), "x", SaveOptions.ifMatch(current)))
                .isInstanceOf(ETagMismatchException.class);
    }

    @Test
    void aDeleteWithAStaleEtagFailsAndKeepsTheItem() {
        StateStore store = store("app");
        String stale = store.save(key("k"), "one");
        String current = store.save(key("k"), "two");

        assertThatThrownBy(() -> store.delete(key("k"), stale)).isInstanceOf(ETagMismatchException.class);
        assertThat(store.get(key("k"))).isPresent();

        store.delete(key("k"), current);
        assertThat(store.get(key("k"))).isEmpty();
        assertThatThrownBy(() -> store.delete(key("k"), current)).isInstanceOf(ETagMismatchException.class);
        store.delete(key("k"));
    }

    @Test
    void firstWriteWithoutAnEtagOnlyInserts() {
        StateStore store = store("app");
        store.save(key("k"), "first", SaveOptions.ifAbsent());

        assertThatThrownBy(() -> store.save(key("k"), "second", SaveOptions.ifAbsent()))
                .isInstanceOf(ETagMismatchException.class).hasMessageContaining("already exists");
        assertThat(store.get(key("k")).orElseThrow().value(String.class)).isEqualTo("first");
    }

    @Test
    void bulkCallsReportEachKeyAndApplyTheOthers() {
        StateStore store = store("app");
        String etag = store.save(key("b"), "old");

        List<BulkResult> saved = store.saveBulk(List.of(
                StateOperation.save(key("a"), "A"),
                StateOperation.save(key("b"), "B", SaveOptions.ifMatch("0000000000000000")),
                StateOperation.save(key("c"), "C")));

        assertThat(saved).extracting(BulkResult::succeeded).containsExactly(true, false, true);
        assertThat(saved.get(1).error().orElseThrow()).isInstanceOf(ETagMismatchException.class);
        assertThat(saved.get(0).etag()).isPresent();
        Map<String, StateItem> items = store.getBulk(List.of(key("a"), key("b"), key("c"), key("none")));
        assertThat(items).containsOnlyKeys(key("a"), key("b"), key("c"));
        assertThat(items.get(key("b")).value(String.class)).isEqualTo("old");

        List<BulkResult> deleted = store.deleteBulk(List.of(StateOperation.delete(key("a")),
                StateOperation.delete(key("b"), "0000000000000000"), StateOperation.delete(key("c"), etag)));
        assertThat(deleted).extracting(BulkResult::succeeded).containsExactly(true, false, false);
        assertThat(store.getBulk(List.of(key("a"), key("b"), key("c")))).containsOnlyKeys(key("b"), key("c"));
    }

    @Test
    void aTransactionAppliesItsOperationsInOrder() {
        StateStore store = store("app");
        String etag = store.save(key("x"), "x0");

        store.transact(List.of(
                StateOperation.save(key("x"), "x1", SaveOptions.ifMatch(etag)),
                StateOperation.save(key("y"), "y1"),
                StateOperation.delete(key("y")),
                StateOperation.save(key("z"), "z1", SaveOptions.ifAbsent())));

        assertThat(store.get(key("x")).orElseThrow().value(String.class)).isEqualTo("x1");
        assertThat(store.get(key("y"))).isEmpty();
        assertThat(store.get(key("z")).orElseThrow().value(String.class)).isEqualTo("z1");
    }

    @Test
    void aFailingOperationRollsTheWholeTransactionBack() {
        StateStore store = store("app");
        String etag = store.save(key("x"), "x0");
        store.save(key("gone"), "g0");

        assertThatThrownBy(() -> store.transact(List.of(
                StateOperation.save(key("x"), "x1", SaveOptions.ifMatch(etag)),
                StateOperation.delete(key("gone")),
                StateOperation.save(key("new"), "n1"),
                StateOperation.save(key("x"), "x2", SaveOptions.ifMatch(etag)))))
                .isInstanceOf(ETagMismatchException.class).hasMessageContaining(key("x"));

        assertThat(store.get(key("x")).orElseThrow().value(String.class)).isEqualTo("x0");
        assertThat(store.get(key("x")).orElseThrow().etag()).isEqualTo(etag);
        assertThat(store.get(key("gone"))).isPresent();
        assertThat(store.get(key("new"))).isEmpty();
    }

    @Test
    void anExpiredItemIsGone() throws InterruptedException {
        StateStore store = store("app");
        Instant before = Instant.now();
        store.save(key("short"), "soon gone", SaveOptions.NONE.withTtl(Duration.ofMillis(800)));
        store.save(key("long"), "stays", SaveOptions.NONE.withTtl(Duration.ofHours(1)));

        Optional<StateItem> item = store.get(key("short"));
        assertThat(item).isPresent();
        assertThat(item.get().expiresAt().orElseThrow()).isBetween(before.plusMillis(700),
                Instant.now().plusMillis(900));

        Thread.sleep(1200);
        assertThat(store.get(key("short"))).isEmpty();
        assertThat(store.get(key("long"))).isPresent();
    }

    @Test
    void keyScopingIsolatesApplications() {
        StateStore billing = store("billing");
        StateStore shipping = store("shipping");
        billing.save(key("k"), "billing's");

        assertThat(shipping.get(key("k"))).isEmpty();
        shipping.save(key("k"), "shipping's");
        assertThat(billing.get(key("k")).orElseThrow().value(String.class)).isEqualTo("billing's");
        assertThat(shipping.get(key("k")).orElseThrow().value(String.class)).isEqualTo("shipping's");
    }

    @Test
    void concurrentReadModifyWriteWithEtagRetriesLosesNoUpdate() throws Exception {
        StateStore store = store("app");
        String key = key("counter");
        store.save(key, new Counter(0));
        int writers = 64;
        int incrementsEach = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < incrementsEach; i++) {
                        while (true) {
                            StateItem item = store.get(key).orElseThrow();
                            Counter counter = item.value(Counter.class);
                            try {
                                store.save(key, new Counter(counter.count() + 1), SaveOptions.ifMatch(item.etag()));
                                break;
                            } catch (ETagMismatchException conflict) {
                                // someone else won: read again
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.get(key).orElseThrow().value(Counter.class).count()).isEqualTo(writers * incrementsEach);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        StateStore store = store("app");

        assertThatThrownBy(() -> store.save("", "x")).isInstanceOf(InvalidStateRequestException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> store.get("k".repeat(300))).isInstanceOf(InvalidStateRequestException.class)
                .hasMessageContaining("at most 256");
        assertThatThrownBy(() -> store.save("a||b", "x")).isInstanceOf(InvalidStateRequestException.class)
                .hasMessageContaining("contains '||'");
        assertThatThrownBy(() -> store.save(key("k"), "x", SaveOptions.ifMatch("bad etag!")))
                .isInstanceOf(InvalidStateRequestException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> store.delete(key("k"), "")).isInstanceOf(InvalidStateRequestException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> store.save(key("big"), new byte[64 * 1024 + 1]))
                .isInstanceOf(InvalidStateRequestException.class).hasMessageContaining("at most 65536");
        assertThatThrownBy(() -> SaveOptions.NONE.withTtl(Duration.ZERO)).isInstanceOf(InvalidStateRequestException.class);
        assertThat(store.get(key("big"))).isEmpty();
    }

    @Test
    void keysListsTheLiveKeysWithAPrefixUpToTheLimit() throws InterruptedException {
        StateBackend backend = backend();
        String prefix = key("listed") + "/";
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            backend.put(prefix + i, new byte[]{(byte) i}, null, false, null);
            written.add(prefix + i);
        }
        backend.put(prefix + "expiring", new byte[]{9}, null, false, Duration.ofMillis(300));
        backend.put(key("other"), new byte[]{1}, null, false, null);
        Thread.sleep(600);

        // a member of a cluster lists at least the keys it owns
        List<String> owned = written.stream().filter(backend::ownedHere).toList();
        assertThat(backend.keys(prefix, 100)).containsAll(owned).isSubsetOf(written);
        assertThat(backend.keys(prefix, 2)).hasSizeLessThanOrEqualTo(2);
        assertThat(backend.keys(key("none") + "/", 100)).isEmpty();
    }

    @Test
    void heldWritesAreSeenByTheirHolderOnlyAndCommitTogetherWithTheEtagsTheyReturned() {
        ScopedStateStore store = (ScopedStateStore) store("app");
        String before = store.save(key("stock"), 5);
        UnitOfWork work = new UnitOfWork(store.name());
        String saved;
        try (var held = work.enter()) {
            StateItem stock = store.get(key("stock")).orElseThrow();
            saved = store.save(key("stock"), stock.value(Integer.class) - 1, SaveOptions.ifMatch(stock.etag()));
            assertThat(store.get(key("stock")).orElseThrow().etag()).isEqualTo(saved);
            String again = store.save(key("stock"), 3, SaveOptions.ifMatch(saved));
            assertThat(store.get(key("stock")).orElseThrow().value(Integer.class)).isEqualTo(3);
            store.transact(List.of(StateOperation.save(key("order"), new Order("1", "teapot", 2),
                    SaveOptions.ifAbsent()), StateOperation.delete(key("stock"), again)));
            assertThat(store.get(key("stock"))).isEmpty();
            assertThatThrownBy(() -> store.save(key("order"), "twice", SaveOptions.ifAbsent()))
                    .as("a held write's condition is checked when it is made")
                    .isInstanceOf(ETagMismatchException.class).hasMessageContaining(key("order"));
            saved = store.save(key("stock"), 4);
        }
        assertThat(store.get(key("stock")).orElseThrow().etag()).as("not applied before the commit").isEqualTo(before);
        assertThat(store.get(key("order"))).isEmpty();

        store.commit(work, List.of(StateOperation.save(key("mark"), true, SaveOptions.ifAbsent())));

        StateItem stock = store.get(key("stock")).orElseThrow();
        assertThat(stock.value(Integer.class)).isEqualTo(4);
        assertThat(stock.etag()).as("the ETag the held save returned").isEqualTo(saved);
        assertThat(store.get(key("order")).orElseThrow().value(Order.class)).isEqualTo(new Order("1", "teapot", 2));
        assertThat(store.get(key("mark"))).isPresent();
    }

    @Test
    void aHeldCommitFailsAsAWholeWhenAnotherWriterChangedAKeyInBetween() {
        ScopedStateStore store = (ScopedStateStore) store("app");
        store.save(key("count"), 1);
        UnitOfWork work = new UnitOfWork(store.name());
        try (var held = work.enter()) {
            StateItem count = store.get(key("count")).orElseThrow();
            store.save(key("count"), count.value(Integer.class) + 1, SaveOptions.ifMatch(count.etag()));
            store.save(key("log"), "counted");
        }
        store.save(key("count"), 10);

        assertThatThrownBy(() -> store.commit(work, List.of(StateOperation.save(key("mark"), true,
                SaveOptions.ifAbsent())))).isInstanceOf(ETagMismatchException.class)
                .satisfies(e -> assertThat(((ETagMismatchException) e).key()).isEqualTo(key("count")));

        assertThat(store.get(key("count")).orElseThrow().value(Integer.class)).isEqualTo(10);
        assertThat(store.get(key("log"))).isEmpty();
        assertThat(store.get(key("mark"))).as("nothing of the transaction").isEmpty();
    }

    @Test
    void aHeldTransactionsEventsAreRelayedOnlyOnceItCommits() throws Exception {
        Outboxed app = outboxed();
        ScopedStateStore store = (ScopedStateStore) app.store;
        UnitOfWork dropped = new UnitOfWork(store.name());
        try (var held = dropped.enter()) {
            store.transact(List.of(StateOperation.save(key("order"), "dropped")),
                    List.of(OutboxPublish.of(PublishRequest.to("orders").data("never").build())));
        }
        UnitOfWork work = new UnitOfWork(store.name());
        List<String> ids;
        try (var held = work.enter()) {
            ids = store.transact(List.of(StateOperation.save(key("order"), "placed")),
                    List.of(OutboxPublish.of(PublishRequest.to("orders").data("placed").build())));
        }
        assertThat(app.received.poll(300, TimeUnit.MILLISECONDS)).as("held, not relayed").isNull();
        assertThat(pending(app.appId)).isEmpty();

        store.commit(work, List.of());

        CloudEvent relayed = app.received.poll(10, TimeUnit.SECONDS);
        assertThat(relayed).isNotNull();
        assertThat(relayed.getId()).isEqualTo(ids.get(0));
        awaitNoPendingEntries(app);
        assertThat(app.received.poll(300, TimeUnit.MILLISECONDS)).as("the dropped transaction's event").isNull();
        assertThat(store.get(key("order")).orElseThrow().value(String.class)).isEqualTo("placed");
        app.close();
    }

    @Test
    void aTransactionWithPublishesCommitsTheStateAndRelaysEachEventWithItsId() throws Exception {
        Outboxed app = outboxed();
        List<String> ids = app.store.transact(List.of(StateOperation.save(key("order"), new Order("1", "teapot", 2))),
                List.of(OutboxPublish.of(PublishRequest.to("orders").data(new Order("1", "teapot", 2))
                        .type("com.example.order.accepted").orderingKey("1").build())));

        assertThat(app.store.get(key("order")).orElseThrow().value(Order.class)).isEqualTo(new Order("1", "teapot", 2));
        CloudEvent relayed = app.received.poll(10, TimeUnit.SECONDS);
        assertThat(relayed).isNotNull();
        assertThat(relayed.getId()).isEqualTo(ids.get(0));
        assertThat(relayed.getSource()).hasToString(app.appId);
        assertThat(relayed.getType()).isEqualTo("com.example.order.accepted");
        assertThat(mapper.readValue(relayed.getData().toBytes(), Order.class)).isEqualTo(new Order("1", "teapot", 2));
        awaitNoPendingEntries(app);
        assertThat(app.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        app.close();
    }

    @Test
    void aFailedTransactionPublishesNothing() throws Exception {
        Outboxed app = outboxed();
        String etag = app.store.save(key("x"), "x0");
        app.store.save(key("x"), "x1");

        assertThatThrownBy(() -> app.store.transact(List.of(StateOperation.save(key("x"), "x2", SaveOptions.ifMatch(
                etag))), List.of(OutboxPublish.of(PublishRequest.to("orders").data("never").build()))))
                .isInstanceOf(ETagMismatchException.class);

        assertThat(pending(app.appId)).isEmpty();
        assertThat(app.relay.relayPending("contract", backend(), true)).isZero();
        assertThat(app.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
        app.close();
    }

    @Test
    void anEventTheBrokerRefusesStaysPendingAndIsRelayedLaterWithTheSameId() throws Exception {
        Outboxed app = outboxed();
        app.broker.refusing = true;
        String id = app.store.transact(List.of(StateOperation.save(key("k"), "v")),
                List.of(OutboxPublish.of(PublishRequest.to("orders").data("announce").build()))).get(0);

        assertThat(app.broker.refused.poll(10, TimeUnit.SECONDS)).isEqualTo(id);
        assertThat(pending(app.appId)).hasSize(1);
        assertThat(app.received.poll(200, TimeUnit.MILLISECONDS)).isNull();

        app.broker.refusing = false;
        CloudEvent relayed = app.received.poll(10, TimeUnit.SECONDS);
        assertThat(relayed).isNotNull();
        assertThat(relayed.getId()).isEqualTo(id);
        awaitNoPendingEntries(app);
        app.close();
    }

    @Test
    void whatAStoppedRelayLeftPendingIsRelayedOnceByTheNextOneWithItsId() throws Exception {
        Outboxed stopped = outboxed();
        stopped.broker.refusing = true;
        List<String> ids = stopped.store.transact(List.of(StateOperation.save(key("k"), "v")), List.of(
                OutboxPublish.of(PublishRequest.to("orders").data("first").build()),
                OutboxPublish.on("audit", PublishRequest.to("orders").data("second").build())));
        assertThat(stopped.broker.refused.poll(10, TimeUnit.SECONDS)).isNotNull();
        stopped.close();

        Outboxed next = outboxed(stopped.appId);
        int relayed = 0;
        for (StateBackend member : members()) {
            relayed += next.relay.relayPending("contract", member, true);
        }

        assertThat(relayed).isEqualTo(2);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            received.add(next.received.poll(10, TimeUnit.SECONDS).getId());
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(next.pubsubs).contains("default", "audit");
        assertThat(pending(next.appId)).isEmpty();
        assertThat(next.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        next.close();
    }

    /** @return every member of the store under test, for a scan that each member does for the keys it owns */
    protected List<StateBackend> members() {
        return List.of(backend());
    }

    /** @return the application's outbox entries, as listed by every member */
    private List<String> pending(String appId) {
        return members().stream().flatMap(member -> member.keys(OutboxEntry.prefix(appId), 10).stream()).distinct()
                .toList();
    }

    private void awaitNoPendingEntries(Outboxed app) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!pending(app.appId).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pending(app.appId)).isEmpty();
    }

    private Outboxed outboxed() {
        return outboxed("app-" + run);
    }

    /** A store of the application with an outbox relayed to an in-memory broker that can be told to refuse sends. */
    private Outboxed outboxed(String appId) {
        return new Outboxed(appId, backend(), mapper);
    }

    private static final class Outboxed {
        final String appId;
        final RefusingBroker broker = new RefusingBroker();
        final Set<String> pubsubs = ConcurrentHashMap.newKeySet();
        final OutboxRelay relay;
        final StateStore store;
        final BlockingQueue<CloudEvent> received = new LinkedBlockingQueue<>();
        final PubSubBroker.Subscription subscription;

        Outboxed(String appId, StateBackend backend, ObjectMapper mapper) {
            this.appId = appId;
            this.relay = new OutboxRelay(appId, pubsub -> {
                pubsubs.add(pubsub);
                return broker;
            }, mapper, new OutboxRelay.Settings(Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200),
                    Duration.ofHours(1), Duration.ofSeconds(30), 100), OutboxRelay.Listener.NONE);
            this.store = new ScopedStateStore("contract", backend, KeyScope.prefixed(appId), ScopedStateStore.Limits.DEFAULT,
                    mapper, new Outbox(appId, mapper, relay));
            this.subscription = broker.subscribe("orders", "subscribers", message -> {
                received.add(message.event());
                return CompletableFuture.completedFuture(null);
            });
        }

        void close() {
            relay.close();
            subscription.close();
            broker.close();
        }
    }

    /** An in-memory broker that refuses every send while {@code refusing} is set, as one that is down would. */
    private static final class RefusingBroker implements PubSubBroker {
        final InMemoryPubSubBroker broker = new InMemoryPubSubBroker(2, Duration.ofMillis(50));
        final BlockingQueue<String> refused = new LinkedBlockingQueue<>();
        volatile boolean refusing;

        @Override
        public CompletionStage<Void> send(String topic, String key, CloudEvent event, boolean raw,
                Map<String, String> metadata) {
            if (refusing) {
                refused.add(event.getId());
                return CompletableFuture.failedFuture(new PublishException("The broker refuses the event", null));
            }
            return broker.send(topic, key, event, raw, metadata);
        }

        @Override
        public Subscription subscribe(String topic, String group, Delivery delivery) {
            return broker.subscribe(topic, group, delivery);
        }

        @Override
        public void close() {
            broker.close();
        }
    }
}

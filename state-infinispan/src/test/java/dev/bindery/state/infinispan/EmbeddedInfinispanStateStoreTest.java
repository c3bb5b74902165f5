package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.persistence.sifs.configuration.SoftIndexFileStoreConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.outbox.Outbox;
import dev.bindery.internal.outbox.OutboxEntry;
import dev.bindery.internal.outbox.OutboxRelay;
import dev.bindery.internal.pubsub.InMemoryPubSubBroker;
import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.pubsub.PublishRequest;
import dev.bindery.spi.pubsub.PubSubBroker;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.OutboxPublish;
import dev.bindery.state.StateItem;
import dev.bindery.state.StateOperation;
import dev.bindery.state.StateStore;
import dev.bindery.testing.StateStoreContract;

/** The state contract on the default store: embedded Infinispan, transactional, persisted to a file store. */
class EmbeddedInfinispanStateStoreTest extends StateStoreContract {

    @TempDir
    static Path dataDir;

    private static StateBackend backend;

    @BeforeAll
    static void open() {
        backend = open("contract");
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static StateBackend open(String store) {
        return new InfinispanStateStoreProvider().open(new StoreSettings(store, Map.of("data-dir", dataDir.toString())));
    }

    @Override
    protected StateBackend backend() {
        return backend;
    }

    @Test
    void aHostRestartedOnTheSameDataRelaysTheOutboxEventsItLeftPendingWithTheirIds() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        OutboxRelay.Settings settings = new OutboxRelay.Settings(Duration.ofSeconds(5), Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofHours(1), Duration.ofSeconds(30), 100);
        List<String> ids;
        try (StateBackend first = open("outbox-restart");
                OutboxRelay unreachable = new OutboxRelay("app", pubsub -> {
                    throw new IllegalStateException("pub/sub '" + pubsub + "' is unreachable");
                }, mapper, settings, OutboxRelay.Listener.NONE)) {
            StateStore store = new ScopedStateStore("outbox-restart", first, KeyScope.prefixed("app"),
                    ScopedStateStore.Limits.DEFAULT, mapper, new Outbox("app", mapper, unreachable));
            ids = store.transact(List.of(StateOperation.save(key("order"), new Order("1", "teapot", 2))),
                    List.of(OutboxPublish.of(PublishRequest.to("orders").data(new Order("1", "teapot", 2))
                            .orderingKey("1").build()),
                            OutboxPublish.of(PublishRequest.to("orders").data(new byte[]{1, 2}).raw(true).build())));
            assertThat(first.keys(OutboxEntry.prefix("app"), 10)).hasSize(2);
        }

        InMemoryPubSubBroker broker = new InMemoryPubSubBroker(1, Duration.ofMillis(50));
        BlockingQueue<PubSubBroker.Message> received = new LinkedBlockingQueue<>();
        try (StateBackend reopened = open("outbox-restart");
                OutboxRelay relay = new OutboxRelay("app", pubsub -> broker, mapper, settings,
                        OutboxRelay.Listener.NONE);
                PubSubBroker.Subscription subscription = broker.subscribe("orders", "audit", message -> {
                    received.add(message);
                    return CompletableFuture.completedFuture(null);
                })) {
            relay.watch("outbox-restart", reopened);

            PubSubBroker.Message first = received.poll(10, TimeUnit.SECONDS);
            PubSubBroker.Message second = received.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            // the relay sends pending entries concurrently: only events of one ordering key keep their order
            PubSubBroker.Message order = first.raw() ? second : first;
            PubSubBroker.Message raw = first.raw() ? first : second;
            assertThat(order.event().getId()).isEqualTo(ids.get(0));
            assertThat(order.key()).isEqualTo("1");
            assertThat(mapper.readValue(order.event().getData().toBytes(), Order.class))
                    .isEqualTo(new Order("1", "teapot", 2));
            // a raw event travels without its envelope, so its id does not reach the subscriber
            assertThat(raw.raw()).isTrue();
            assertThat(raw.event().getData().toBytes()).containsExactly(1, 2);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!reopened.keys(OutboxEntry.prefix("app"), 10).isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(reopened.keys(OutboxEntry.prefix("app"), 10)).isEmpty();
            assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            broker.close();
        }
    }

    @Test
    void dataSurvivesClosingAndReopeningTheStore() {
        ObjectMapper mapper = new ObjectMapper();
        String etag;
        try (StateBackend first = open("durable")) {
            StateStore store = new ScopedStateStore("durable", first, KeyScope.prefixed("app"),
                    ScopedStateStore.Limits.DEFAULT, mapper);
            etag = store.save(key("order"), new Order("1", "teapot", 2));
        }
        try (StateBackend reopened = open("durable")) {
            StateStore store = new ScopedStateStore("durable", reopened, KeyScope.prefixed("app"),
                    ScopedStateStore.Limits.DEFAULT, mapper);
            StateItem item = store.get(key("order")).orElseThrow();
            assertThat(item.value(Order.class)).isEqualTo(new Order("1", "teapot", 2));
            assertThat(item.etag()).isEqualTo(etag);
        }
    }

    @Test
    void dataWrittenBeforeActorKeysWereGroupedIsStillRead() {
        InfinispanStore store = InfinispanStore.of("before-groups", Map.of("data-dir", dataDir.toString()));
        String etag = "0123456789abcdef";
        List<String> keys = List.of("app||order", "bindery-outbox||app||event-1", "order");
        EmbeddedCacheManager manager = EmbeddedCacheManagers.start(store);
        try {
            // the cache as it was defined before groups were enabled; its keys never had more than two separators
            manager.undefineConfiguration(store.cacheName());
            ConfigurationBuilder ungrouped = EmbeddedCacheManagers.cache(store, false);
            ungrouped.clustering().hash().groups().disabled().clearGroupers();
            manager.defineConfiguration(store.cacheName(), ungrouped.build());
            Cache<String, String> cache = manager.getCache(store.cacheName());
            assertThat(cache.getCacheConfiguration().clustering().hash().groups().enabled()).isFalse();
            keys.forEach(key -> cache.put(key, StoredValueCodec.encode(key.getBytes(StandardCharsets.UTF_8), etag, null)));
        } finally {
            manager.stop();
        }

        try (StateBackend reopened = open("before-groups")) {
            for (String key : keys) {
                StateBackend.Stored stored = reopened.get(key).orElseThrow();
                assertThat(new String(stored.value(), StandardCharsets.UTF_8)).isEqualTo(key);
                assertThat(stored.etag()).isEqualTo(etag);
            }
        }
    }

    @Test
    void aStoreWithOneMemberIsTheLocalMemberAndOwnsEveryKey() throws Exception {
        assertThat(backend.member()).isEqualTo(StateBackend.LOCAL_MEMBER);
        assertThat(backend.ownerOf("app||Cart||42||$lease")).isEqualTo(StateBackend.LOCAL_MEMBER);
        assertThat(backend.ownedHere("app||Cart||42")).isTrue();
        assertThat(backend.isMember(StateBackend.LOCAL_MEMBER)).isTrue();
        assertThat(backend.isMember("another")).isFalse();
        try (AutoCloseable registration = backend.onOwnershipChange(() -> {
        })) {
            assertThat(registration).isNotNull();
        }
        assertThat(((EmbeddedInfinispanStateBackend) backend).cache().getCacheConfiguration().clustering().hash().groups()
                .groupers()).hasOnlyElementsOfType(ActorKeyGrouper.class).hasSize(1);
    }

    /**
     * What a kill in the middle of a commit leaves: the transaction's record in the journal, some of its writes missing
     * from the cache. The next start applies the record whole (what has expired since stays out) and drops it.
     */
    @Test
    void aStartCompletesTheTransactionsAKillLeftInTheJournal() {
        String expired = StoredValueCodec.encode("gone".getBytes(StandardCharsets.UTF_8), "e-3",
                Instant.now().minusSeconds(1));
        try (StateBackend first = open("journal")) {
            first.put("removed-by-it", "old".getBytes(StandardCharsets.UTF_8), null, false, null);
            first.put("written-by-it", "before".getBytes(StandardCharsets.UTF_8), null, false, null);
            Cache<String, String> journal = ((EmbeddedInfinispanStateBackend) first).cache().getCacheManager()
                    .getCache(TransactionJournal.cacheName("journal"));
            Map<String, String> written = new LinkedHashMap<>();
            written.put("written-by-it", StoredValueCodec.encode("after".getBytes(StandardCharsets.UTF_8), "e-1", null));
            written.put("mark", StoredValueCodec.encode("1".getBytes(StandardCharsets.UTF_8), "e-2",
                    Instant.now().plusSeconds(3600)));
            written.put("removed-by-it", null);
            written.put("expired-since", expired);
            journal.put("killed-mid-commit", TransactionJournal.encode(written));
        }
        try (StateBackend second = open("journal")) {
            assertThat(second.get("written-by-it").map(stored -> stored.etag())).hasValue("e-1");
            assertThat(second.get("mark").map(stored -> new String(stored.value(), StandardCharsets.UTF_8)))
                    .hasValue("1");
            assertThat(second.get("removed-by-it")).isEmpty();
            assertThat(second.get("expired-since")).isEmpty();
            assertThat(((EmbeddedInfinispanStateBackend) second).cache().getCacheManager()
                    .<String, String>getCache(TransactionJournal.cacheName("journal")).isEmpty())
                    .as("the record is dropped once applied").isTrue();
        }
    }

    @Test
    void aTransactionLeavesNoJournalRecordOnceCommittedOrRefused() {
        try (StateBackend backend = open("journal-clean")) {
            backend.apply(List.of(new StateBackend.Write("a", "1".getBytes(StandardCharsets.UTF_8), null, false, null),
                    new StateBackend.Write("b", "2".getBytes(StandardCharsets.UTF_8), null, false, null)));
            assertThatThrownBy(() -> backend.apply(List.of(
                    new StateBackend.Write("c", "3".getBytes(StandardCharsets.UTF_8), null, false, null),
                    new StateBackend.Write("a", "4".getBytes(StandardCharsets.UTF_8), null, true, null))))
                    .isInstanceOf(ETagMismatchException.class);
            assertThat(backend.get("c")).as("a refused transaction applies nothing").isEmpty();
            assertThat(((EmbeddedInfinispanStateBackend) backend).cache().getCacheManager()
                    .<String, String>getCache(TransactionJournal.cacheName("journal-clean")).isEmpty()).isTrue();
        }
    }

    @Test
    void syncWritesFlushesEveryWriteOfTheFileStoreAndOnlyWhenAsked() {
        try (StateBackend synced = new InfinispanStateStoreProvider().open(new StoreSettings("synced",
                Map.of("data-dir", dataDir.toString(), "sync-writes", "true")));
                StateBackend unsynced = open("unsynced")) {
            assertThat(fileStore(synced).syncWrites()).isTrue();
            assertThat(fileStore(unsynced).syncWrites()).isFalse();
            String etag = synced.put(key("k"), new byte[]{1}, null, false, null);
            assertThat(synced.get(key("k")).orElseThrow().etag()).isEqualTo(etag);
        }
    }

    private static SoftIndexFileStoreConfiguration fileStore(StateBackend backend) {
        return (SoftIndexFileStoreConfiguration) ((EmbeddedInfinispanStateBackend) backend).cache()
                .getCacheConfiguration().persistence().stores().get(0);
    }
}

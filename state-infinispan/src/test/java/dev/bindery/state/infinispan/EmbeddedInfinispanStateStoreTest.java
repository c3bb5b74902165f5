package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.StateItem;
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
}

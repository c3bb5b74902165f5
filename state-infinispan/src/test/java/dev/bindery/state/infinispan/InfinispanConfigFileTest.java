package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.state.KeyScope;
import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateStore;

/** Infinispan's own configuration file, for what the short form does not cover. */
class InfinispanConfigFileTest {

    @Test
    void aStoreRunsOnACacheDefinedInAnInfinispanConfigFile() {
        try (StateBackend backend = new InfinispanStateStoreProvider().open(new StoreSettings("ledger",
                Map.of("config-file", "custom-infinispan.xml")))) {
            StateStore store = new ScopedStateStore("ledger", backend, KeyScope.none(), ScopedStateStore.Limits.DEFAULT,
                    new ObjectMapper());
            String etag = store.save("entry", "first");
            assertThatThrownBy(() -> store.save("entry", "late", SaveOptions.ifMatch("0123456789abcdef")))
                    .isInstanceOf(ETagMismatchException.class);
            store.save("entry", "second", SaveOptions.ifMatch(etag));
            assertThat(store.get("entry").orElseThrow().value(String.class)).isEqualTo("second");
            assertThat(((EmbeddedInfinispanStateBackend) backend).cache().get("entry")).as("no scoping with key-prefix none")
                    .isNotNull();
        }
    }

    @Test
    void aCacheFromTheFileGroupsAnActorsKeysWithTheActor() {
        try (StateBackend backend = new InfinispanStateStoreProvider().open(new StoreSettings("ledger",
                Map.of("config-file", "custom-infinispan.xml")))) {
            var groups = ((EmbeddedInfinispanStateBackend) backend).cache().getCacheConfiguration().clustering().hash()
                    .groups();
            assertThat(groups.enabled()).isTrue();
            assertThat(groups.groupers()).hasOnlyElementsOfType(ActorKeyGrouper.class).hasSize(1);
        }
    }

    @Test
    void aCacheThatDoesNotStoreKeysAsStringsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new InfinispanStateStoreProvider().open(new StoreSettings("encoded",
                Map.of("config-file", "custom-infinispan.xml"))))
                .hasMessageContaining("Cache 'encoded' stores its keys as application/x-protostream")
                .hasMessageContaining("needs them stored as Java strings");
    }

    @Test
    void aCacheThatIsNotTransactionalIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new InfinispanStateStoreProvider().open(new StoreSettings("plain",
                Map.of("config-file", "custom-infinispan.xml"))))
                .hasMessageContaining("Cache 'plain' is not transactional");
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> new InfinispanStateStoreProvider().open(new StoreSettings("x", Map.of("mode", "sharded"))))
                .hasMessageContaining("bindery.state.x.mode").hasMessageContaining("sharded");
        assertThatThrownBy(() -> new InfinispanStateStoreProvider().open(new StoreSettings("x", Map.of("mode", "remote"))))
                .hasMessageContaining("bindery.state.x.hotrod.servers is required");
        assertThatThrownBy(() -> new InfinispanStateStoreProvider().open(new StoreSettings("x", Map.of("mode", "clustered",
                "persistence", "false", "cluster.initial-hosts", "a:1,b:2"))))
                .hasMessageContaining("not of the form host[port],host[port]");
    }
}

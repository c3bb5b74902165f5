package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The store's options as the provider reads them: typed, defaulted once, wrong and unknown ones refused by name. */
class InfinispanOptionsTest {

    @Test
    void aStoreWithoutOptionsIsEmbeddedAndPersistentUnderItsOwnDirectory() {
        InfinispanStore store = InfinispanStore.of("orders", Map.of());

        assertThat(store.options().mode()).isEqualTo(InfinispanOptions.Mode.EMBEDDED);
        assertThat(store.options().persistence()).isTrue();
        assertThat(store.dataDir()).isEqualTo(Path.of("bindery-data", "orders").toAbsolutePath());
        assertThat(store.cacheName()).isEqualTo("orders");
        assertThat(store.clusterName()).isEqualTo("bindery-orders");
        assertThat(store.options().owners()).isEqualTo(2);
        assertThat(store.options().cluster().bindAddress()).isEqualTo("SITE_LOCAL");
        assertThat(store.options().cluster().bindPort()).isEqualTo(7800);
        assertThat(store.options().hotrod().tls().enabled()).isFalse();
    }

    @Test
    void givenOptionsOverrideTheDefaults() {
        InfinispanStore store = InfinispanStore.of("orders", Map.of("mode", "remote", "cache-name", "state",
                "hotrod.servers", "ispn-1:11222;ispn-2:11222", "hotrod.tls.enabled", "true"));

        assertThat(store.options().mode()).isEqualTo(InfinispanOptions.Mode.REMOTE);
        assertThat(store.cacheName()).isEqualTo("state");
        assertThat(store.options().hotrod().tls().enabled()).isTrue();
        assertThat(store.sniHostName()).as("the first server's host").isEqualTo("ispn-1");
    }

    @Test
    void aWrongValueNamesTheOption() {
        assertThatThrownBy(() -> InfinispanStore.of("orders", Map.of("cluster.bind-port", "seven")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.state.orders.cluster.bind-port")
                .hasMessageContaining("seven");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> InfinispanStore.of("orders", Map.of("datadir", "/tmp/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bindery.state.orders.datadir is not a known option")
                .hasMessageContaining("data-dir")
                .hasMessageContaining("hotrod.tls.trust-store");
    }
}

package dev.bindery.state.infinispan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.infinispan.client.hotrod.exceptions.HotRodClientException;
import org.junit.jupiter.api.Test;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.StateException;

/**
 * A Hot Rod server that is gone is a {@link StateException}, as every engine's failures are (what the host's
 * resiliency policies retry), not the Hot Rod client's own exception.
 */
class RemoteServerGoneTest {

    @Test
    void everyCallToAServerThatIsGoneFailsWithAStateException() {
        HotRodTestServer server = HotRodTestServer.start();
        try (StateBackend backend = new InfinispanStateStoreProvider().open(new StoreSettings("gone", Map.of(
                "mode", "remote", "cache-name", HotRodTestServer.CACHE, "hotrod.servers", server.address())))) {
            backend.put("k", new byte[]{1}, null, false, null);
            assertThat(backend.get("k")).isPresent();

            server.close();

            assertThatThrownBy(() -> backend.get("k")).isInstanceOf(StateException.class)
                    .hasMessageContaining("The Infinispan server did not answer")
                    .hasCauseInstanceOf(HotRodClientException.class);
            assertThatThrownBy(() -> backend.put("k", new byte[]{2}, null, false, null))
                    .isInstanceOf(StateException.class);
            assertThatThrownBy(() -> backend.apply(List.of(new StateBackend.Write("k", new byte[]{3}, null, false,
                    null)))).isInstanceOf(StateException.class);
        }
    }
}

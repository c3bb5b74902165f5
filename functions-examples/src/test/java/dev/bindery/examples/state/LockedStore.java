package dev.bindery.examples.state;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StoreSettings;
import dev.bindery.state.infinispan.InfinispanStateStoreProvider;

/**
 * Holds the embedded store {@code locked} open before the application starts, as a process that is still stopping
 * holds its file-store lock: the application's own open of that store fails until the test releases it.
 */
public class LockedStore implements QuarkusTestResourceLifecycleManager {

    private static StateBackend holder;

    @Override
    public Map<String, String> start() {
        String dir = Path.of("target", "test-state", "locked-" + UUID.randomUUID()).toAbsolutePath().toString();
        holder = new InfinispanStateStoreProvider().open(new StoreSettings("locked", Map.of("data-dir", dir)));
        return Map.of("bindery.state.locked.data-dir", dir,
                "bindery.state.default.data-dir", "target/test-state/reopen/default",
                "bindery.state.orders.data-dir", "target/test-state/reopen/orders");
    }

    /** Lets go of the store, as the stopping process finally does. */
    static void release() {
        if (holder != null) {
            holder.close();
            holder = null;
        }
    }

    @Override
    public void stop() {
        release();
    }
}

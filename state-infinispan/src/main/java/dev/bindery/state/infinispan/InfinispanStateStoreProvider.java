package dev.bindery.state.infinispan;

import org.infinispan.manager.EmbeddedCacheManager;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateStoreProvider;
import dev.bindery.spi.state.StoreSettings;

/** Provides {@code type=infinispan} stores: embedded (default), clustered or remote, by {@code mode}. */
public final class InfinispanStateStoreProvider implements StateStoreProvider {

    public static final String TYPE = "infinispan";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StateBackend open(StoreSettings settings) {
        InfinispanStore store = InfinispanStore.of(settings.store(), settings.options());
        if (store.options().mode() == InfinispanOptions.Mode.REMOTE) {
            return RemoteInfinispanStateBackend.open(store);
        }
        EmbeddedCacheManager manager = EmbeddedCacheManagers.start(store);
        try {
            return new EmbeddedInfinispanStateBackend(manager, store.cacheName(), true);
        } catch (RuntimeException e) {
            manager.stop();
            throw e;
        }
    }
}

package dev.bindery.state.infinispan;

import java.util.Map;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateStoreProvider;

/** Provides {@code type=infinispan} stores: embedded (default), clustered or remote, by {@code mode}. */
public final class InfinispanStateStoreProvider implements StateStoreProvider {

    public static final String TYPE = "infinispan";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StateBackend open(String store, Map<String, String> config) {
        InfinispanStateOptions options = new InfinispanStateOptions(store, Map.copyOf(config));
        if (options.mode().equals("remote")) {
            return RemoteInfinispanStateBackend.open(options);
        }
        return new EmbeddedInfinispanStateBackend(EmbeddedCacheManagers.start(options), options.cacheName(), true);
    }
}

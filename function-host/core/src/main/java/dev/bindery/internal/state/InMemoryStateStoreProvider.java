package dev.bindery.internal.state;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateStoreProvider;
import dev.bindery.spi.state.StoreSettings;

/** Provides {@code type=in-memory} stores. */
public final class InMemoryStateStoreProvider implements StateStoreProvider {

    public static final String TYPE = "in-memory";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StateBackend open(StoreSettings settings) {
        return new InMemoryStateBackend();
    }
}

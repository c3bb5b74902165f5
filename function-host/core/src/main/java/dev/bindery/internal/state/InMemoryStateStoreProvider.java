package dev.bindery.internal.state;

import java.util.Map;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateStoreProvider;

/** Provides {@code type=in-memory} stores. */
public final class InMemoryStateStoreProvider implements StateStoreProvider {

    public static final String TYPE = "in-memory";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StateBackend open(String store, Map<String, String> config) {
        return new InMemoryStateBackend();
    }
}

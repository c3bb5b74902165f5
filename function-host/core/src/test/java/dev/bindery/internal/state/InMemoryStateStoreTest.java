package dev.bindery.internal.state;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.testing.StateStoreContract;

class InMemoryStateStoreTest extends StateStoreContract {

    private final InMemoryStateBackend backend = new InMemoryStateBackend();

    @Override
    protected StateBackend backend() {
        return backend;
    }
}

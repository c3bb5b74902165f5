package dev.bindery.examples.actors;

import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateStoreProvider;
import dev.bindery.spi.state.StoreSettings;

/** The in-memory engine behind a gate: a store of type {@code gated} opens only once a test opens the gate. */
public class GatedStateStoreProvider implements StateStoreProvider {

    /** Counted down by the test to let the store open. */
    static final CountDownLatch GATE = new CountDownLatch(1);

    @Override
    public String type() {
        return "gated";
    }

    @Override
    public StateBackend open(StoreSettings settings) {
        try {
            if (!GATE.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return ServiceLoader.load(StateStoreProvider.class, Thread.currentThread().getContextClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(provider -> provider.type().equals("in-memory")).findFirst()
                .orElseThrow().open(settings);
    }
}

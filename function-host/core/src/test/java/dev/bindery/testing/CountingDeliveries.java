package dev.bindery.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bindery.spi.dispatch.DeliveryListener;

/** A {@link DeliveryListener} that counts what it is told: "received", "acknowledged", "retried"… */
public final class CountingDeliveries implements DeliveryListener {

    private final Map<String, AtomicInteger> told = new ConcurrentHashMap<>();

    @Override
    public void received() {
        count("received");
    }

    @Override
    public void acknowledged() {
        count("acknowledged");
    }

    @Override
    public void retried() {
        count("retried");
    }

    @Override
    public void deadLettered() {
        count("deadLettered");
    }

    @Override
    public void failed() {
        count("failed");
    }

    private void count(String what) {
        told.computeIfAbsent(what, w -> new AtomicInteger()).incrementAndGet();
    }

    /** @return how often it was told this */
    public int told(String what) {
        AtomicInteger n = told.get(what);
        return n == null ? 0 : n.get();
    }

    /** @return what it was told at least once */
    public java.util.Set<String> kinds() {
        return told.keySet();
    }
}

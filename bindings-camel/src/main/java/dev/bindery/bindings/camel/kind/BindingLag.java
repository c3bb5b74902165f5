package dev.bindery.bindings.camel.kind;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many messages wait at an input binding's source, asked of the source itself at most every 5 s: a gauge read
 * between two asks gets the last answer, and -1 when the source could not be asked. Thread-safe.
 */
public abstract class BindingLag implements LongSupplier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BindingLag.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private long askedAt = System.nanoTime() - INTERVAL_NANOS;
    private long last = -1;

    @Override
    public final synchronized long getAsLong() {
        long now = System.nanoTime();
        if (now - askedAt >= INTERVAL_NANOS) {
            askedAt = now;
            try {
                last = ask();
            } catch (Exception e) {
                LOG.debug("The binding's source could not tell its lag", e);
                last = -1;
            }
        }
        return last;
    }

    /** @return the messages waiting at the source now; called under the lag's lock */
    protected abstract long ask() throws Exception;

    /** Releases the clients asking the source. */
    @Override
    public void close() {
    }
}

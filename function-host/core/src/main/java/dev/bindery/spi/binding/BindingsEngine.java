package dev.bindery.spi.binding;

import java.util.Map;

import dev.bindery.binding.BindingResponse;

/** Runs the input bindings and calls the output bindings. Thread-safe. */
public interface BindingsEngine extends AutoCloseable {

    /** Starts every input binding; returns once their consumers run. */
    void start();

    /**
     * The input bindings that do not consume now (their consumer stopped or failed), each with the reason; readiness
     * reports the bindings DOWN with these reasons. Non-blocking, safe from any thread; empty before {@link #start()}.
     *
     * @return why each such binding does not consume, by binding name; empty while every input binding consumes
     */
    default Map<String, String> failures() {
        return Map.of();
    }

    /**
     * What a binding is, as the host's admin endpoints and tools show it. Non-blocking, safe from any thread.
     *
     * @return the binding's kind and its endpoint with every credential masked (no password, token or key, whether in
     *         the URI's user info, path or options), or empty when the binding is not configured or the engine cannot
     *         tell
     */
    default java.util.Optional<Description> describe(String binding) {
        return java.util.Optional.empty();
    }

    /**
     * A binding as tools show it.
     *
     * @param kind the binding's kind, such as {@code cron}, {@code file}, {@code kafka}
     * @param endpoint where it reads or writes, without credentials or options (they may hold secrets), or null
     */
    record Description(String kind, String endpoint) {
    }

    /** @see dev.bindery.binding.Bindings#invoke(String, String, Object, Map) */
    BindingResponse invoke(String binding, String operation, Object data, Map<String, String> metadata);

    /**
     * Rebuilds one binding with new options (a secret its configuration references was rotated): an input binding's
     * consumer stops after the messages in flight are acknowledged and starts again on the new endpoint; an output
     * binding's next call uses the new endpoint. Blocking.
     *
     * @param options every option of the binding, as configured now
     * @throws UnsupportedOperationException when the engine cannot rebuild a binding while running
     */
    default void reconfigure(String binding, Map<String, String> options) {
        throw new UnsupportedOperationException("this bindings engine rebuilds bindings only at start-up");
    }

    /** Stops the input bindings (messages in flight finish and are acknowledged), then releases everything. */
    @Override
    void close();
}

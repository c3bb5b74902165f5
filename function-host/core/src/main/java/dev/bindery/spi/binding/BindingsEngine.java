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

    /** @see dev.bindery.binding.Bindings#invoke(String, String, Object, Map) */
    BindingResponse invoke(String binding, String operation, Object data, Map<String, String> metadata);

    /** Stops the input bindings (messages in flight finish and are acknowledged), then releases everything. */
    @Override
    void close();
}

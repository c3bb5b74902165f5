package dev.bindery.spi.binding;

import java.util.Map;

import dev.bindery.binding.BindingResponse;

/** Runs the input bindings and calls the output bindings. Thread-safe. */
public interface BindingsEngine extends AutoCloseable {

    /** Starts every input binding; returns once their consumers run. */
    void start();

    /** @see dev.bindery.binding.Bindings#invoke(String, String, Object, Map) */
    BindingResponse invoke(String binding, String operation, Object data, Map<String, String> metadata);

    /** Stops the input bindings (messages in flight finish and are acknowledged), then releases everything. */
    @Override
    void close();
}

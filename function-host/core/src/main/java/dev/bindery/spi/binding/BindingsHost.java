package dev.bindery.spi.binding;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.spi.dispatch.DeliveryListener;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.state.StateStore;

/** What the host gives a {@link BindingsEngine}. */
public interface BindingsHost {

    /** @return the application's id: the consumer group of queue bindings and part of event ids */
    String appId();

    /** @return every configured binding: name → its {@code bindery.bindings.<name>.<option>} as option → value */
    Map<String, Map<String, String>> bindings();

    /** @return the input bindings: binding name → the name of the function it triggers */
    Map<String, String> inputs();

    /**
     * @return the application's one JSON mapper (the user's Quarkus Jackson customizers applied): what bindings write
     *         and read as JSON is serialized as function replies, state and publishes are
     */
    ObjectMapper mapper();

    /** @return the dispatcher every input binding delivers to */
    Dispatcher dispatcher();

    /**
     * @param name a state store's name, as in {@code bindery.state.<name>.*}
     * @return the store, for what bindings remember (objects seen, schedules fired)
     */
    StateStore store(String name);

    /**
     * @param binding an input binding's name
     * @return the listener of that binding's messages (metrics)
     */
    default DeliveryListener deliveries(String binding) {
        return DeliveryListener.NONE;
    }

    /**
     * Publishes an input binding's lag: the messages waiting at its source.
     *
     * @param binding the input binding's name
     * @param lag asked when the metric is read; -1 when the source cannot tell
     */
    default void lag(String binding, java.util.function.LongSupplier lag) {
    }
}

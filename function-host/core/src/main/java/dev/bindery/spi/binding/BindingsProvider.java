package dev.bindery.spi.binding;

/**
 * Opens the bindings engine, found with {@link java.util.ServiceLoader}: the host uses the one provider on the class
 * path (bindery-bindings-camel) for every {@code bindery.bindings.<name>.*}.
 */
public interface BindingsProvider {

    /**
     * @param host what the engine needs from the host: the bindings' options, the functions they trigger, the
     *        dispatcher and the state stores
     * @throws IllegalArgumentException naming the binding and option that is missing or wrong
     */
    BindingsEngine open(BindingsHost host);
}

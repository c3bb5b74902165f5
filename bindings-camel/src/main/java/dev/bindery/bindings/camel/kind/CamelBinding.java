package dev.bindery.bindings.camel.kind;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;

/**
 * One configured binding of a {@link CamelBindingKind}: what the engine asks of the kind for that binding. Its
 * methods may be called from several threads once the engine started.
 */
public interface CamelBinding {

    /**
     * @return the type of the events its input makes, unless the binding sets {@code event-type}; null for a kind
     *         that is output only
     */
    String eventType();

    /**
     * @param uris builds the URI with Camel's endpoint-URI support, adding the binding's {@code options.*}
     * @return the endpoint URI of the binding's input
     * @throws IllegalArgumentException when the kind is output only
     */
    String inputUri(EndpointUris uris);

    /**
     * @param uris builds the URI with Camel's endpoint-URI support, adding the binding's {@code options.*}
     * @return the endpoint URI of the binding's output
     * @throws IllegalArgumentException when the kind is input only
     */
    String outputUri(EndpointUris uris);

    /**
     * @param events builds the events with the binding's source, type and name
     * @return how the input's messages become CloudEvents
     */
    MessageReader reader(BindingEvents events);

    /**
     * Runs one output operation.
     *
     * @throws BindingException naming the binding and the operation, when the operation is unknown, its metadata
     *         incomplete, or the endpoint failed
     */
    BindingResponse invoke(OutputCall call);

    /** @return what the input remembers of the messages it saw, in the binding's state store */
    default Remembered remembers() {
        return Remembered.NOTHING;
    }

    /**
     * @param input the input's endpoint, once its route started
     * @return the messages waiting at the input's source, for the kinds that can tell
     */
    default Optional<BindingLag> lag(Endpoint input) {
        return Optional.empty();
    }

    /** Binds in the context's registry what the binding's URIs refer to; called before any route starts. */
    default void open(CamelContext context) {
    }

    /** Releases what {@link #open} bound; called once the routes stopped. */
    default void close(CamelContext context) {
    }
}

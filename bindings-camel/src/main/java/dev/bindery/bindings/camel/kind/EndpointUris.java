package dev.bindery.bindings.camel.kind;

import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.util.URISupport;

/**
 * Builds a binding's endpoint URIs with Camel's own endpoint-URI support, never by gluing strings: a component's
 * {@link EndpointUriFactory} from its properties (path and query; values are encoded, and the component's secret
 * options, such as {@code secretKey}, are passed {@code RAW(...)} so they reach it as they are), or
 * {@link URISupport} for a URI given whole. The binding's {@code options.<camel-option>} are added to every URI and
 * win over the kind's defaults.
 */
public final class EndpointUris {

    private final CamelContext context;
    private final String binding;
    private final Map<String, String> passThrough;

    /**
     * @param context the CamelContext whose components build the URIs
     * @param binding the binding's name, for messages
     * @param passThrough the binding's {@code options.<camel-option>}, without the prefix
     */
    public EndpointUris(CamelContext context, String binding, Map<String, String> passThrough) {
        this.context = context;
        this.binding = binding;
        this.passThrough = Map.copyOf(passThrough);
    }

    /**
     * @param scheme the component's scheme, such as {@code aws2-sqs}
     * @param properties the endpoint's properties by their Camel names, path properties among them
     * @return the endpoint URI
     * @throws IllegalStateException when no component of that scheme is on the class path
     * @throws IllegalArgumentException when a required path property is missing
     */
    public String build(String scheme, Map<String, ?> properties) {
        EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory(scheme);
        if (factory == null) {
            throw new IllegalStateException("Binding '" + binding + "' needs the Camel component '" + scheme
                    + "', which is not on the class path");
        }
        Map<String, Object> all = new HashMap<>(properties);
        all.putAll(passThrough);
        try {
            return factory.buildUri(scheme, all, true);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Binding '" + binding + "': " + e.getMessage(), e);
        }
    }

    /**
     * @param uri a whole endpoint URI, such as {@code timer:tick?period=1000} or {@code https://api.example.com}
     * @param properties options to add to it, by their Camel names
     * @return the URI with the properties and the binding's {@code options.*} added
     * @throws IllegalArgumentException when the URI is not one
     */
    public String extend(String uri, Map<String, ?> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.putAll(passThrough);
        if (all.isEmpty()) {
            return uri;
        }
        try {
            return URISupport.appendParametersToURI(uri, all);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Binding '" + binding + "': '" + uri + "' is not a URI: "
                    + e.getMessage(), e);
        }
    }
}

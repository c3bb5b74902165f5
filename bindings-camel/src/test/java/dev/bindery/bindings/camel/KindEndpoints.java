package dev.bindery.bindings.camel;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.bindery.bindings.camel.internal.BindingSpec;
import dev.bindery.bindings.camel.internal.CamelBindingKinds;

/**
 * Parses bindings with the kinds on the class path and resolves their endpoint URIs in a CamelContext that is never
 * started, so a test can check what Camel makes of a URI (the endpoint's properties) rather than its text. Registered
 * as a static extension ({@code @RegisterExtension}), it stops the context after the test class.
 */
final class KindEndpoints implements AfterAllCallback {

    final DefaultCamelContext context = new DefaultCamelContext();

    KindEndpoints() {
        context.build();
    }

    /** @return the binding parsed from options given as {@code "option", "value", ...} */
    static BindingSpec spec(String name, String... options) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return BindingSpec.parse(name, map, CamelBindingKinds.load(), "app");
    }

    /** @return the endpoint of the binding's input */
    <T extends Endpoint> T input(Class<T> type, String name, String... options) {
        return context.getEndpoint(spec(name, options).inputUri(context), type);
    }

    /** @return the endpoint of the binding's output */
    <T extends Endpoint> T output(Class<T> type, String name, String... options) {
        return context.getEndpoint(spec(name, options).outputUri(context), type);
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        context.stop();
    }
}

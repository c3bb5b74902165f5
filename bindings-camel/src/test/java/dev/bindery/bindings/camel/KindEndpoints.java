package dev.bindery.bindings.camel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * as a static extension ({@code @RegisterExtension}), it closes the bindings it opened and stops the context after
 * the test class.
 */
final class KindEndpoints implements AfterAllCallback {

    final DefaultCamelContext context = new DefaultCamelContext();
    private final List<BindingSpec> opened = new ArrayList<>();

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

    /** @return the endpoint of the binding's input, with what its URI refers to bound in the registry */
    <T extends Endpoint> T input(Class<T> type, String name, String... options) {
        BindingSpec spec = open(name, options);
        return context.getEndpoint(spec.inputUri(context), type);
    }

    /** @return the endpoint of the binding's output, with what its URI refers to bound in the registry */
    <T extends Endpoint> T output(Class<T> type, String name, String... options) {
        BindingSpec spec = open(name, options);
        return context.getEndpoint(spec.outputUri(context), type);
    }

    private BindingSpec open(String name, String... options) {
        BindingSpec spec = spec(name, options);
        spec.binding().open(context);
        opened.add(spec);
        return spec;
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        opened.forEach(spec -> spec.binding().close(context));
        context.stop();
    }
}

package dev.bindery.bindings.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import dev.bindery.bindings.camel.internal.CamelBindings;
import dev.bindery.spi.binding.BindingsEngine;
import dev.bindery.spi.binding.BindingsHost;
import dev.bindery.spi.binding.BindingsProvider;

/**
 * Bindings on Apache Camel. The routes run in the application's CamelContext when it has one (camel-quarkus-core
 * makes it a CDI bean, started and stopped with the host), otherwise in a context of their own.
 */
public final class CamelBindingsProvider implements BindingsProvider {

    @Override
    public BindingsEngine open(BindingsHost host) {
        CamelContext shared = applicationContext();
        return shared != null
                ? new CamelBindings(host, shared, false)
                : new CamelBindings(host, new DefaultCamelContext(), true);
    }

    /** @return the CamelContext bean of the application, or null when there is no CDI container or no such bean */
    private static CamelContext applicationContext() {
        try {
            var candidates = jakarta.enterprise.inject.spi.CDI.current().select(CamelContext.class);
            return candidates.isResolvable() ? candidates.get() : null;
        } catch (IllegalStateException | LinkageError noContainer) {
            return null;
        }
    }
}

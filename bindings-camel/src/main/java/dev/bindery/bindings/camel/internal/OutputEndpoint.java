package dev.bindery.bindings.camel.internal;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.binding.BindingException;
import dev.bindery.binding.BindingResponse;
import dev.bindery.bindings.camel.kind.OutputCall;

/**
 * One output binding's endpoint, built from its options as they were when it was first called, with a producer of its
 * own. When the binding is rebuilt it is retired: calls that began on it finish, new ones are refused so that they go
 * to the endpoint built from the new options, then its producer and endpoint stop. Thread-safe.
 */
final class OutputEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(OutputEndpoint.class);

    private final BindingSpec spec;
    private final CamelContext context;
    private final String uri;
    private final ProducerTemplate producer;
    private int calls;
    private boolean retired;

    /** @throws IllegalArgumentException when the binding's kind is input only or its options make no URI */
    OutputEndpoint(BindingSpec spec, CamelContext context) {
        this.spec = spec;
        this.context = context;
        this.uri = spec.outputUri(context);
        this.producer = context.createProducerTemplate();
        this.producer.start();
    }

    /**
     * @return the output's answer, or null when the endpoint was retired before the call began (the caller asks again
     *         for the binding's current endpoint)
     * @throws BindingException naming the binding and the operation
     */
    BindingResponse invoke(String operation, Object data, Map<String, String> metadata, ObjectMapper mapper) {
        if (!enter()) {
            return null;
        }
        try {
            return spec.binding().invoke(new OutputCall(spec.name(), spec.kind(), operation, data, metadata, uri,
                    producer, mapper));
        } finally {
            exit();
        }
    }

    /** @return the exchange sent to the endpoint, or null when it was retired before the send began */
    Exchange send(Processor prepare) {
        if (!enter()) {
            return null;
        }
        try {
            return producer.send(uri, prepare);
        } finally {
            exit();
        }
    }

    private synchronized boolean enter() {
        if (retired) {
            return false;
        }
        calls++;
        return true;
    }

    private synchronized void exit() {
        calls--;
        if (calls == 0) {
            notifyAll();
        }
    }

    /**
     * Refuses new calls, waits for the calls in flight to finish, then stops the producer and the endpoint (unless a
     * route still consumes from it). Blocking.
     */
    void retire() {
        synchronized (this) {
            retired = true;
            boolean interrupted = false;
            while (calls > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            producer.stop();
            Endpoint endpoint = context.hasEndpoint(uri);
            if (endpoint != null && context.getRoutes().stream().map(Route::getEndpoint).noneMatch(endpoint::equals)) {
                context.removeEndpoint(endpoint);
            }
        } catch (Exception e) {
            LOG.warn("The old endpoint of output binding '{}' did not stop cleanly", spec.name(), e);
        }
    }
}

package dev.bindery.binding;

import java.util.Map;

/**
 * Calls output bindings: {@code invoke("reports", "create", report, Map.of("key", "today.json"))}. {@code create}
 * works on every kind, as in Dapr: it puts an object or file, sends a message, or POSTs. The other operations depend on
 * the kind (see the bindings-camel README): {@code get}, {@code delete}, {@code list} on object storage and
 * directories; {@code get}, {@code post}, {@code put}, {@code delete}, {@code patch}, {@code head} on HTTP. Thread-safe.
 */
public interface Bindings {

    /**
     * Calls the binding and waits for its response.
     *
     * @param binding the binding's name, as in {@code bindery.bindings.<name>.*}
     * @param operation what to do, such as {@code put} or {@code send}
     * @param data the payload: bytes, a string, an input stream, or an object written as JSON; may be null
     * @param metadata per-call options, such as {@code key} for object storage or {@code content-type}
     * @return the binding's response: data (an object's content, an HTTP body) and metadata
     * @throws BindingException naming the binding and the operation when the call failed or is not known
     */
    BindingResponse invoke(String binding, String operation, Object data, Map<String, String> metadata);

    /** Calls the binding without metadata; see {@link #invoke(String, String, Object, Map)}. */
    default BindingResponse invoke(String binding, String operation, Object data) {
        return invoke(binding, operation, data, Map.of());
    }
}

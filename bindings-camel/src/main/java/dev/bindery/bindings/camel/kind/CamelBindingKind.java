package dev.bindery.bindings.camel.kind;

import java.util.List;

/**
 * A kind of Camel binding, such as {@code sqs}: found with {@link java.util.ServiceLoader} by its {@link #name()},
 * the option that names it ({@code bindery.bindings.<binding>.sqs=<queue>}). Implementations are stateless and have a
 * public no-argument constructor.
 */
public interface CamelBindingKind {

    /** @return the option naming the kind, whose value is its target (a queue, topic, bucket, directory, URL…) */
    String name();

    /**
     * @return the kind's own options, beside the common ones every binding has (retries, dead letter, event type…);
     *         any other option of a binding of this kind is refused
     */
    List<BindingOption<?>> options();

    /**
     * @param options the binding's options, its target among them
     * @return the binding, with every option of the kind read and checked
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    CamelBinding parse(BindingOptions options);
}

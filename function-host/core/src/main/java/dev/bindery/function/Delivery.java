package dev.bindery.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How failed deliveries to this function are retried and where the undeliverable ones go, instead of the defaults. It
 * sets the delivery of the function's Knative Triggers ({@code spec.delivery}: {@code retry} is
 * {@code retryAttempts - 1}, {@code backoffDelay}, {@code deadLetterSink}) and the retries of its topic subscription
 * in the host. Configuration overrides each attribute: {@code bindery.functions.<name>.retry-attempts},
 * {@code .retry-initial-delay}, {@code .dead-letter-sink}. A bad value fails the build, naming the function.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Delivery {

    /** Deliveries in all, the first one included, before the event is dead-lettered; 0 keeps the default. */
    int retryAttempts() default 0;

    /** The first retry's delay ({@code 500ms}, {@code 2s} or ISO-8601 {@code PT2S}); empty keeps the default. */
    String retryInitialDelay() default "";

    /**
     * Where the Broker sends events it could not deliver to this function (an absolute URI), on Knative; empty keeps
     * {@code bindery.knative.delivery.dead-letter-sink}.
     */
    String deadLetterSink() default "";
}

package dev.bindery.binding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Triggers the annotated {@code @Funq} method with the messages of an input binding, each one as a CloudEvent. The
 * function's outcome decides the message's fate: returning normally acknowledges it (SQS delete, JMS acknowledge,
 * Kafka commit, file moved to {@code .done}); throwing retries it with backoff and then sends it to the binding's
 * dead-letter endpoint with the reason; throwing {@link dev.bindery.function.EventRejectedException} skips the retries.
 * One function per binding.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnBinding {

    /** The binding's name, as in {@code bindery.bindings.<name>.*}. */
    String value();
}

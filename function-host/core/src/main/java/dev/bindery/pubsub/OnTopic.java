package dev.bindery.pubsub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Subscribes the annotated {@code @Funq} method to a topic. Its outcome decides the event's fate: returning normally
 * commits it; throwing retries it with backoff (then dead-letters it); throwing
 * {@link dev.bindery.function.EventRejectedException} sends it straight to the dead-letter topic with the reason.
 * Several functions may share a topic when their {@code @OnEvent} filters tell their events apart.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnTopic {

    /** The topic. */
    String topic();

    /** The pub/sub component, as in {@code bindery.pubsub.<name>.*}; {@code default} when empty. */
    String pubsub() default "";

    /** Where events that cannot be processed go, with the reason; default {@code <topic>-dlq}. */
    String deadLetterTopic() default "";
}

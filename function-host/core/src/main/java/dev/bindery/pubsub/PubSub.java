package dev.bindery.pubsub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * Names the pub/sub component of an injected {@link Publisher}: {@code @Inject @PubSub("events") Publisher events;}.
 * A plain {@code @Inject Publisher} gets the component named {@code default}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface PubSub {

    /** The component's name, as in {@code bindery.pubsub.<name>.*}. */
    String value();
}

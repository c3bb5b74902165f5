package dev.bindery.state;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * Names the state store to inject: {@code @Inject @Store("orders") StateStore orders;}. The store is configured under
 * {@code bindery.state.orders.*}; a plain {@code @Inject StateStore} gets the store named {@code default}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE})
public @interface Store {

    /** The store's name, as in {@code bindery.state.<name>.*}. */
    String value();
}

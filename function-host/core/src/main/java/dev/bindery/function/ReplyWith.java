package dev.bindery.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the attributes of the reply event a function's return value becomes. Without it the reply's type is
 * {@code <function>.output} and its source is the function name, as in Funqy. A function can still override both per
 * event through {@link EventContext}, and configuration ({@code bindery.functions.<name>.reply-type}) overrides the
 * annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReplyWith {

    /** The reply event's {@code type}; empty keeps the default {@code <function>.output}. */
    String type() default "";

    /** The reply event's {@code source} (a URI reference); empty keeps the default, the function name. */
    String source() default "";
}

package dev.bindery.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes the CloudEvents that match this filter to the annotated {@code @Funq} method, with Knative Trigger
 * semantics: every condition given must hold (logical AND); an attribute that is absent from the event never matches.
 * <p>
 * Without {@code @OnEvent} a function receives the events whose {@code type} equals its name (Funqy's default).
 * Repeat the annotation to accept several kinds of event (logical OR).
 * <p>
 * Conditions are written {@code name=value} (exact), {@code name^=value} (prefix) or {@code name$=value} (suffix), where
 * {@code name} is any context attribute ({@code type}, {@code source}, {@code subject}, {@code id},
 * {@code datacontenttype}, {@code dataschema}) or extension attribute. When several functions match one event, the most
 * specific filter wins: the one with more exact conditions, then more prefix/suffix conditions, then longer
 * prefix/suffix values. Two functions whose filters can match the same event with equal specificity fail the build.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(OnEvent.List.class)
public @interface OnEvent {

    /** Exact match on the event {@code type}; empty means no condition. */
    String type() default "";

    /** Exact match on the event {@code source}; empty means no condition. */
    String source() default "";

    /** Exact match on the event {@code subject}; empty means no condition. */
    String subject() default "";

    /**
     * Further conditions on any attribute, each {@code name=value} (exact), {@code name^=value} (prefix) or
     * {@code name$=value} (suffix); for example {@code "type^=com.example."} or {@code "tenant=acme"}.
     */
    String[] where() default {};

    /** Holds repeated {@link OnEvent} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        /** The filters, any of which routes an event to the function. */
        OnEvent[] value();
    }
}

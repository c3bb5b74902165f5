package dev.bindery.function;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes the CloudEvents that match this filter to the annotated {@code @Funq} method, with the semantics of a Knative
 * Trigger's {@code filters}: every condition given must hold (logical AND); an attribute that is absent from the event
 * never matches.
 * <p>
 * Without {@code @OnEvent} a function receives the events whose {@code type} equals its name (Funqy's default).
 * Repeat the annotation to accept several kinds of event (logical OR).
 * <p>
 * Conditions are written {@code name=value} (exact), {@code name^=value} (prefix) or {@code name$=value} (suffix), where
 * {@code name} is any context attribute ({@code type}, {@code source}, {@code subject}, {@code id},
 * {@code datacontenttype}, {@code dataschema}) or extension attribute. {@link #any()} and {@link #not()} take such
 * conditions too; {@link #sql()} takes a CloudEvents SQL expression for everything else (functions, comparisons,
 * nesting):
 *
 * <pre>
 * &#64;OnEvent(type = "com.example.order.placed", sql = "LOWER(region) = 'eu' AND amount &gt; 100")
 * &#64;OnEvent(type = "com.example.order.placed", any = { "source^=/shop", "source^=/app" }, not = "tenant=test")
 * </pre>
 *
 * When several functions match one event, the most specific filter wins: the one with more exact conditions, then more
 * prefix/suffix conditions, then longer prefix/suffix values, then more {@code any}/{@code not}/{@code sql} parts
 * (a group of {@code any} counts once). Two functions whose attribute-only filters can match the same event with equal
 * specificity fail the build, as do two identical filters; whether filters with {@code any}, {@code not} or
 * {@code sql} parts overlap is not decided, and among equally specific matches the function first by name wins.
 * The build also fails on a CESQL expression that does not parse, naming the function and the position of the error.
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

    /**
     * Conditions of which at least one must hold (Knative's {@code any}), each written as in {@link #where()}; for
     * example {@code {"source^=/shop", "source^=/app"}}. Empty means no condition.
     */
    String[] any() default {};

    /**
     * Conditions none of which may hold (each becomes a Knative {@code not}), written as in {@link #where()}; for
     * example {@code "tenant=test"}. Empty means no condition.
     */
    String[] not() default {};

    /**
     * A CloudEvents SQL (CESQL v1) expression that must evaluate to {@code TRUE}, as in a Knative Trigger's
     * {@code cesql} filter; for example {@code "LOWER(source) LIKE '/orders/%' AND EXISTS priority"}. An evaluation
     * error, such as a missing attribute ({@code amount > 10} on an event without {@code amount}), makes it false: guard
     * optional attributes with {@code EXISTS}. Empty means no condition.
     */
    String sql() default "";

    /** Holds repeated {@link OnEvent} annotations. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        /** The filters, any of which routes an event to the function. */
        OnEvent[] value();
    }
}

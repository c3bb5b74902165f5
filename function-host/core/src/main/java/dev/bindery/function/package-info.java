/**
 * The user API for writing functions: routing annotations ({@link dev.bindery.function.OnEvent}), reply attributes
 * ({@link dev.bindery.function.ReplyWith}), per-function retries and dead-letter sink
 * ({@link dev.bindery.function.Delivery}), the injectable {@link dev.bindery.function.EventContext}, and
 * {@link dev.bindery.function.EventRejectedException} for failures that must not be retried.
 * <p>
 * A function is a public method annotated with Quarkus Funqy's {@code @Funq}; these types refine how events reach it
 * and what its reply looks like.
 */
package dev.bindery.function;

/**
 * The support package for binding kinds: what a kind of Camel binding (cron, sqs, amqp, kafka, s3, file, http, uri)
 * implements and the shared pieces it builds on. A kind is a {@link dev.bindery.bindings.camel.kind.CamelBindingKind}
 * registered in {@code META-INF/services}; the engine finds it by its option name with {@link java.util.ServiceLoader}
 * and asks it for everything kind-specific: its options, its endpoint URIs, how its messages become CloudEvents, its
 * output operations and the lag of its source. The engine keeps the rest: routes, retries, dead letters, the
 * producer, start and stop.
 * <p>
 * Shared here, so that no kind repeats them: declared options and their parsing ({@link BindingOption},
 * {@link BindingOptions}), endpoint URIs built with Camel's own URI support ({@link EndpointUris}), the common
 * CloudEvent building ({@link BindingEvents}), the output plumbing ({@link OutputCall}) and a cached lag source
 * ({@link BindingLag}).
 */
package dev.bindery.bindings.camel.kind;

package dev.bindery.spi.dispatch;

import java.util.Objects;

import io.cloudevents.CloudEvent;

/**
 * One event handed to the {@link Dispatcher}: the event, where it is addressed, the transport that brought it (stages
 * such as idempotency are configured per transport), and the sender's credentials as the transport saw them.
 * Immutable.
 *
 * @param event the inbound event
 * @param target how the function is chosen
 * @param transport the transport's name: {@value #HTTP}, {@value #PUBSUB}, {@value #BINDING}, {@value #LAMBDA}, or an
 *        adapter's own
 * @param credentials what the sender presented, for the security stage
 */
public record DispatchRequest(CloudEvent event, Target target, String transport, Credentials credentials) {

    /** Events over HTTP (the CloudEvents ingress, Knative deliveries). */
    public static final String HTTP = "http";
    /** Events of a topic subscription. */
    public static final String PUBSUB = "pubsub";
    /** Messages of an input binding. */
    public static final String BINDING = "binding";
    /** Events of an AWS Lambda invocation. */
    public static final String LAMBDA = "lambda";

    public DispatchRequest {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** @return the same request with the sender's credentials */
    public DispatchRequest withCredentials(Credentials presented) {
        return new DispatchRequest(event, target, transport, presented);
    }

    /** How the function for an event is chosen. */
    public sealed interface Target {
    }

    /** By the event's attributes, against every function's filters. */
    public record Routed() implements Target {
    }

    /** The named function, whatever its filters. */
    public record Function(String name) implements Target {
        public Function {
            Objects.requireNonNull(name, "name");
        }
    }

    /** By the event's attributes, against the filters of the functions subscribed to the topic of the component. */
    public record Topic(String pubsub, String topic) implements Target {
        public Topic {
            Objects.requireNonNull(pubsub, "pubsub");
            Objects.requireNonNull(topic, "topic");
        }
    }

    private static final Routed ROUTED = new Routed();

    /** @return a request routed by the event's attributes */
    public static DispatchRequest routed(CloudEvent event, String transport) {
        return new DispatchRequest(event, ROUTED, transport, Credentials.none());
    }

    /** @return a request for the named function */
    public static DispatchRequest to(String function, CloudEvent event, String transport) {
        return new DispatchRequest(event, new Function(function), transport, Credentials.none());
    }

    /** @return a request for the subscribers of a topic */
    public static DispatchRequest topic(String pubsub, String topic, CloudEvent event) {
        return new DispatchRequest(event, new Topic(pubsub, topic), PUBSUB, Credentials.none());
    }
}

package dev.bindery.spi.dispatch;

import java.util.Objects;

import io.cloudevents.CloudEvent;

/**
 * One event handed to the {@link Dispatcher}: the event, where it is addressed, and the transport that brought it
 * (stages such as idempotency are configured per transport). Immutable.
 *
 * @param event the inbound event
 * @param target how the function is chosen
 * @param transport the transport's name: {@value #HTTP}, {@value #PUBSUB}, {@value #BINDING}, {@value #LAMBDA}, or an
 *        adapter's own
 */
public record DispatchRequest(CloudEvent event, Target target, String transport) {

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
        return new DispatchRequest(event, ROUTED, transport);
    }

    /** @return a request for the named function */
    public static DispatchRequest to(String function, CloudEvent event, String transport) {
        return new DispatchRequest(event, new Function(function), transport);
    }

    /** @return a request for the subscribers of a topic */
    public static DispatchRequest topic(String pubsub, String topic, CloudEvent event) {
        return new DispatchRequest(event, new Topic(pubsub, topic), PUBSUB);
    }
}

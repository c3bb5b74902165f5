package dev.bindery.lambda.internal;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.bindery.spi.pubsub.SubscriptionPolicies;
import dev.bindery.spi.support.RawEvents;

/**
 * Per-source settings ({@code bindery.lambda.<source>.function} and {@code .type}): the function a source's events go
 * to (ignoring filters), and the type they are given. Without them, events are routed by their attributes, as on
 * HTTP — Kafka records by their topic, to the subscribers of that topic ({@code bindery.lambda.kafka.pubsub}).
 */
public final class Routing {

    /** The sources that can be configured. */
    public enum Source {
        SQS("dev.bindery.queue.message"), SNS("dev.bindery.sns.notification"), S3("dev.bindery.s3.object.created"), KINESIS(
                "dev.bindery.kinesis.record"), DYNAMODB(
                        "dev.bindery.dynamodb.change"), SCHEDULE("dev.bindery.cron.tick"), EVENTBRIDGE(null),
        /** Amazon MSK and self-managed Kafka: records that are not CloudEvents get the pub/sub adapters' envelope. */
        KAFKA(RawEvents.TYPE);

        private final String type;

        Source(String type) {
            this.type = type;
        }

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<String, String> options;

    /** @param options {@code <source>.function} and {@code <source>.type} entries */
    public Routing(Map<String, String> options) {
        this.options = Map.copyOf(options);
    }

    /** @return the function the source's events go to, if configured */
    public Optional<String> function(Source source) {
        return Optional.ofNullable(options.get(source.key() + ".function"));
    }

    /**
     * @return the pub/sub component whose subscriptions Kafka records are routed to by their topic
     *         ({@code bindery.lambda.kafka.pubsub}, default {@code default}), as its own subscriptions would receive them
     */
    public String kafkaPubSub() {
        return options.getOrDefault(Source.KAFKA.key() + ".pubsub", "default");
    }

    /**
     * A Kafka source ({@code bindery.lambda.kafka.pubsub}, {@code .type} or {@code bindery.lambda.sam.source.kafka})
     * routed by topic to a component no function subscribes with: each of its records would find no function. A
     * warning, not a failure: the package may run without its Kafka source, and no record is lost.
     *
     * @return the warning, if there is one
     */
    public Optional<String> unsubscribedKafka(SubscriptionPolicies policies) {
        boolean kafka = Stream.of("kafka.pubsub", "kafka.type", "sam.source.kafka").anyMatch(options::containsKey);
        if (!kafka || function(Source.KAFKA).isPresent() || policies.subscribes(kafkaPubSub())) {
            return Optional.empty();
        }
        return Optional.of("Kafka records are routed to the subscribers of pub/sub '" + kafkaPubSub() + "' "
                + "(bindery.lambda.kafka.pubsub), but no function subscribes with it: every record will find no "
                + "function and go to the dead letter (bindery.lambda.dead-letter), or else fail its invocation. "
                + "Subscribe a function with that component, name another in bindery.lambda.kafka.pubsub, or route "
                + "the records to one function with bindery.lambda.kafka.function");
    }

    /** @return the type of the source's events: configured, else the documented default (null: the event's own) */
    public String type(Source source, String fallback) {
        String configured = options.get(source.key() + ".type");
        if (configured != null) {
            return configured;
        }
        return source.type != null ? source.type : fallback;
    }
}

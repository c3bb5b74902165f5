package dev.bindery.pubsub;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event to publish: the topic and data (required), and optionally the event type, subject, extension
 * attributes, an ordering key (events with the same key are delivered in order) and broker metadata. Build with
 * {@link #to(String)}; immutable.
 */
public final class PublishRequest {

    private final String topic;
    private final Object data;
    private final String type;
    private final String subject;
    private final Map<String, String> extensions;
    private final String orderingKey;
    private final Map<String, String> metadata;
    private final boolean raw;

    private PublishRequest(Builder builder) {
        this.topic = builder.topic;
        this.data = builder.data;
        this.type = builder.type;
        this.subject = builder.subject;
        this.extensions = Map.copyOf(builder.extensions);
        this.orderingKey = builder.orderingKey;
        this.metadata = Map.copyOf(builder.metadata);
        this.raw = builder.raw;
    }

    /** @return a builder for an event on the topic */
    public static Builder to(String topic) {
        return new Builder(topic);
    }

    public String topic() {
        return topic;
    }

    /** @return the data: serialized as JSON, or sent as it is when {@code byte[]} */
    public Object data() {
        return data;
    }

    /** @return the event type; empty means {@code <topic>.published} */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    public Map<String, String> extensions() {
        return extensions;
    }

    /** @return the key that orders events (the partition key); empty spreads events over partitions */
    public Optional<String> orderingKey() {
        return Optional.ofNullable(orderingKey);
    }

    /** @return broker-specific metadata (for Kafka: record headers) */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** @return true to send the data alone, without the CloudEvents envelope, for consumers that expect it */
    public boolean raw() {
        return raw;
    }

    /** Builds a {@link PublishRequest}; {@link #build()} checks it. */
    public static final class Builder {
        private final String topic;
        private Object data;
        private String type;
        private String subject;
        private final Map<String, String> extensions = new LinkedHashMap<>();
        private String orderingKey;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private boolean raw;

        private Builder(String topic) {
            this.topic = topic;
        }

        public Builder data(Object data) {
            this.data = data;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder extension(String name, String value) {
            extensions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder orderingKey(String orderingKey) {
            this.orderingKey = orderingKey;
            return this;
        }

        public Builder metadata(String name, String value) {
            metadata.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder raw(boolean raw) {
            this.raw = raw;
            return this;
        }

        public PublishRequest build() {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("A publish needs a topic");
            }
            if (data == null) {
                throw new IllegalArgumentException("A publish to topic '" + topic + "' needs data");
            }
            if (type != null && type.isBlank()) {
                throw new IllegalArgumentException("The event type of a publish to '" + topic + "' must not be blank");
            }
            return new PublishRequest(this);
        }
    }
}

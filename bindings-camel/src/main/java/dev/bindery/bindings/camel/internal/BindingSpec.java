package dev.bindery.bindings.camel.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.camel.util.TimeUtils;

/**
 * One binding's configuration, read from its {@code bindery.bindings.<name>.*} options, with the Camel endpoint URIs
 * that its short form expands to.
 */
public final class BindingSpec {

    /** Options read here; any other option is an error, so typos do not pass silently. */
    private static final List<String> KNOWN = List.of("uri", "cron", "sqs", "amqp", "kafka", "s3", "file", "http",
            "endpoint", "region", "access-key", "secret-key", "brokers", "url", "username", "password", "event-type",
            "retry-attempts", "retry-initial-delay", "retry-max-delay", "dead-letter", "once-per-cluster",
            "state-store", "notifications", "poll-interval", "prefix", "delete-after-read", "group", "objects", "kind");

    private final String name;
    private final Kind kind;
    private final String target;
    private final Map<String, String> options;
    private final Map<String, String> endpointOptions;

    private BindingSpec(String name, Kind kind, String target, Map<String, String> options,
            Map<String, String> endpointOptions) {
        this.name = name;
        this.kind = kind;
        this.target = target;
        this.options = options;
        this.endpointOptions = endpointOptions;
    }

    /**
     * @param name the binding's name
     * @param options its options without the {@code bindery.bindings.<name>.} prefix
     * @throws IllegalArgumentException naming the option that is missing, repeated, unknown or wrong
     */
    public static BindingSpec parse(String name, Map<String, String> options) {
        List<Kind> kinds = new ArrayList<>();
        Map<String, String> endpointOptions = new TreeMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            if (key.startsWith("options.")) {
                endpointOptions.put(key.substring("options.".length()), option.getValue());
            } else if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException(
                        prefix(name) + key + " is not a binding option; known: " + KNOWN + " and options.<camel-option>");
            }
        }
        for (Kind kind : Kind.values()) {
            if (options.containsKey(kind.option())) {
                kinds.add(kind);
            }
        }
        Optional<String> chosen = Optional.ofNullable(options.get("kind")).map(String::trim);
        if (chosen.isPresent()) {
            // a profile or the environment switches the backend by naming the kind, whatever else is set
            Kind picked = kinds.stream().filter(kind -> kind.option().equals(chosen.get())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException(prefix(name) + "kind is '" + chosen.get() + "', but "
                            + prefix(name) + chosen.get() + " is not set"));
            kinds = List.of(picked);
        }
        if (kinds.size() != 1) {
            throw new IllegalArgumentException("Binding '" + name + "' needs exactly one of " + prefix(name)
                    + "{uri, cron, sqs, amqp, kafka, s3, file, http} (or 'kind' to pick one); it has "
                    + kinds.stream().map(Kind::option)
                            .toList());
        }
        Kind kind = kinds.get(0);
        String target = options.get(kind.option()).trim();
        if (target.isEmpty()) {
            throw new IllegalArgumentException(prefix(name) + kind.option() + " is empty");
        }
        BindingSpec spec = new BindingSpec(name, kind, target, Map.copyOf(options), endpointOptions);
        spec.retryAttempts();
        spec.retryInitialDelay();
        spec.retryMaxDelay();
        if (kind == Kind.KAFKA && !options.containsKey("brokers")) {
            throw new IllegalArgumentException(prefix(name) + "brokers is missing: the Kafka bootstrap servers");
        }
        if (kind == Kind.AMQP && !options.containsKey("url")) {
            throw new IllegalArgumentException(prefix(name) + "url is missing: the AMQP broker, such as "
                    + "amqp://localhost:5672");
        }
        spec.notifications();
        if (options.containsKey("access-key") && !options.containsKey("secret-key")) {
            throw new IllegalArgumentException(prefix(name) + "secret-key is missing: access-key is set");
        }
        if (kind == Kind.CRON) {
            if (target.startsWith("@every")) {
                spec.every();
                if (spec.oncePerCluster()) {
                    throw new IllegalArgumentException(prefix(name) + "once-per-cluster needs a cron expression: "
                            + "'@every' ticks are not aligned across replicas");
                }
            } else {
                spec.cronExpression();
            }
        }
        return spec;
    }

    private static String prefix(String name) {
        return "bindery.bindings." + name + ".";
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** @return the kind's value: the cron expression, queue, topic, bucket, directory, URL or URI */
    public String target() {
        return target;
    }

    public Optional<String> option(String option) {
        return Optional.ofNullable(options.get(option)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** @return the events' type: {@code event-type}, or the kind's */
    public String eventType() {
        return option("event-type").orElse(notifications() || objects() ? Kind.S3.eventType() : kind.eventType());
    }

    /**
     * @return whether a file binding treats its directory as object storage: files are left in place, each new or
     *         changed one is an object-created event (as from S3), remembered in state
     */
    public boolean objects() {
        return kind == Kind.FILE && Boolean.parseBoolean(option("objects").orElse("false"));
    }

    /** @return deliveries in all before the message is dead-lettered (default 3) */
    public int retryAttempts() {
        String value = option("retry-attempts").orElse("3");
        try {
            int attempts = Integer.parseInt(value);
            if (attempts < 1) {
                throw new NumberFormatException();
            }
            return attempts;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix(name) + "retry-attempts is '" + value + "': give a whole "
                    + "number of 1 or more");
        }
    }

    /** @return the first retry's delay; each next one doubles up to {@link #retryMaxDelay()} (default 500ms) */
    public Duration retryInitialDelay() {
        return duration("retry-initial-delay", "500ms");
    }

    /** @return the longest delay between retries (default 10s) */
    public Duration retryMaxDelay() {
        return duration("retry-max-delay", "10s");
    }

    /** @return where messages go that cannot be processed: another binding's name or a Camel URI */
    public Optional<String> deadLetter() {
        return option("dead-letter");
    }

    /** @return whether a cron binding fires once per cluster rather than once per replica */
    public boolean oncePerCluster() {
        return Boolean.parseBoolean(option("once-per-cluster").orElse("false"));
    }

    /** @return the Quartz cron expression of a cron binding, with Dapr's shorthands ({@code @daily}…) expanded */
    public String cronExpression() {
        return switch (target) {
            case "@yearly", "@annually" -> "0 0 0 1 1 ?";
            case "@monthly" -> "0 0 0 1 * ?";
            case "@weekly" -> "0 0 0 ? * SUN";
            case "@daily", "@midnight" -> "0 0 0 * * ?";
            case "@hourly" -> "0 0 * * * ?";
            default -> {
                if (target.startsWith("@")) {
                    throw new IllegalArgumentException(prefix(name) + "cron is '" + target + "': the shorthands are "
                            + "@every <duration>, @hourly, @daily, @midnight, @weekly, @monthly, @yearly");
                }
                try {
                    new org.quartz.CronExpression(target);
                } catch (java.text.ParseException e) {
                    throw new IllegalArgumentException(prefix(name) + "cron is '" + target + "', not a Quartz cron "
                            + "expression (seconds minutes hours day-of-month month day-of-week [year]): "
                            + e.getMessage());
                }
                yield target;
            }
        };
    }

    /** @return the period of a {@code @every <duration>} cron binding */
    public Duration every() {
        String period = target.substring("@every".length()).trim();
        try {
            Duration every = Duration.ofMillis(TimeUtils.toMilliSeconds(period));
            if (every.isZero() || every.isNegative()) {
                throw new IllegalArgumentException();
            }
            return every;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(prefix(name) + "cron is '" + target + "': give @every a duration such "
                    + "as 500ms, 15s or 1m");
        }
    }

    /** @return the state store that remembers objects seen and schedules fired (default {@code default}) */
    public String stateStore() {
        return option("state-store").orElse("default");
    }

    /** @return whether an SQS binding's messages are S3 event notifications */
    public boolean notifications() {
        Optional<String> value = option("notifications");
        if (value.isEmpty()) {
            return false;
        }
        if (!value.get().equals("s3") || kind != Kind.SQS) {
            throw new IllegalArgumentException(prefix(name) + "notifications is '" + value.get() + "': the one "
                    + "value known is 's3', on sqs bindings");
        }
        return true;
    }

    private Duration duration(String option, String fallback) {
        String value = option(option).orElse(fallback);
        try {
            return Duration.ofMillis(TimeUtils.toMilliSeconds(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(prefix(name) + option + " is '" + value + "': give a duration such as "
                    + "500ms, 10s or 1m");
        }
    }

    /**
     * @param connectionFactory the bean name of the AMQP connection factory to use
     * @return the endpoint URI of the binding's input
     */
    public String inputUri(String appId, String connectionFactory) {
        Map<String, String> query = new LinkedHashMap<>();
        String base = switch (kind) {
            case CRON -> {
                if (target.startsWith("@every")) {
                    query.put("period", Long.toString(every().toMillis()));
                    query.put("fixedRate", "true");
                    yield "timer:bindery-" + name;
                }
                query.put("cron", cronExpression());
                query.put("stateful", "true");
                yield "quartz:bindery/" + name;
            }
            case SQS -> {
                aws(query);
                query.put("deleteAfterRead", "true");
                query.put("attributeNames", "All");
                query.put("messageAttributeNames", "All");
                query.put("waitTimeSeconds", "1");
                yield "aws2-sqs://" + target;
            }
            case S3 -> {
                aws(query);
                query.put("deleteAfterRead", option("delete-after-read").orElse("false"));
                query.put("ignoreBody", "true");
                query.put("delay", Long.toString(duration("poll-interval", "5s").toMillis()));
                option("prefix").ifPresent(prefix -> query.put("prefix", prefix));
                yield "aws2-s3://" + target;
            }
            case KAFKA -> {
                query.put("brokers", option("brokers").orElseThrow());
                query.put("groupId", option("group").orElse(appId));
                query.put("autoOffsetReset", "earliest");
                query.put("breakOnFirstError", "true");
                yield "kafka:" + target;
            }
            case AMQP -> {
                query.put("connectionFactory", "#" + connectionFactory);
                query.put("acknowledgementModeName", "CLIENT_ACKNOWLEDGE");
                yield "amqp:queue:" + target;
            }
            case FILE -> {
                if (objects()) {
                    query.put("noop", "true");
                    query.put("idempotent", "false");
                    query.put("recursive", "true");
                } else {
                    query.put("move", ".done");
                    query.put("moveFailed", ".failed");
                }
                query.put("delay", Long.toString(duration("poll-interval", "1s").toMillis()));
                yield "file:" + target;
            }
            case HTTP -> throw new IllegalArgumentException("Binding '" + name + "' is an HTTP binding, which is "
                    + "output only: a function cannot be triggered by it (the host's HTTP ingress receives events)");
            case URI -> {
                yield target;
            }
        };
        return withQuery(base, query);
    }

    /** @return the endpoint URI of the binding's output */
    public String outputUri(String connectionFactory) {
        Map<String, String> query = new LinkedHashMap<>();
        String base = switch (kind) {
            case CRON -> throw new IllegalArgumentException("Binding '" + name + "' is a cron binding, which is "
                    + "input only");
            case SQS -> {
                aws(query);
                yield "aws2-sqs://" + target;
            }
            case S3 -> {
                aws(query);
                yield "aws2-s3://" + target;
            }
            case KAFKA -> {
                query.put("brokers", option("brokers").orElseThrow());
                yield "kafka:" + target;
            }
            case AMQP -> {
                query.put("connectionFactory", "#" + connectionFactory);
                yield "amqp:queue:" + target;
            }
            case FILE -> "file:" + target;
            case HTTP -> {
                query.put("throwExceptionOnFailure", "false");
                yield target;
            }
            case URI -> target;
        };
        return withQuery(base, query);
    }

    private void aws(Map<String, String> query) {
        query.put("region", option("region").orElse("us-east-1"));
        option("endpoint").ifPresent(endpoint -> {
            query.put("overrideEndpoint", "true");
            query.put("uriEndpointOverride", endpoint);
            if (kind == Kind.S3) {
                query.put("forcePathStyle", "true");
            }
        });
        Optional<String> accessKey = option("access-key");
        if (accessKey.isPresent()) {
            query.put("accessKey", accessKey.get());
            query.put("secretKey", option("secret-key").orElseThrow(() -> new IllegalArgumentException(
                    prefix(name) + "secret-key is missing: access-key is set")));
        } else {
            query.put("useDefaultCredentialsProvider", "true");
        }
    }

    private String withQuery(String base, Map<String, String> query) {
        query.putAll(endpointOptions);
        if (query.isEmpty()) {
            return base;
        }
        StringBuilder uri = new StringBuilder(base).append(base.contains("?") ? '&' : '?');
        boolean first = true;
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            if (!first) {
                uri.append('&');
            }
            first = false;
            uri.append(parameter.getKey()).append('=').append(raw(parameter.getValue()));
        }
        return uri.toString();
    }

    /** Camel takes a {@code RAW(...)} value as it is, so secrets, cron expressions and URLs need no escaping. */
    private static String raw(String value) {
        if (value.startsWith("#")) {
            return value;
        }
        if (!value.contains(")")) {
            return "RAW(" + value + ")";
        }
        if (!value.contains("}")) {
            return "RAW{" + value + "}";
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name + " (" + kind.option() + ")";
    }
}

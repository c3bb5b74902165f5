package dev.bindery.deployment;

import static dev.bindery.deployment.SamTemplate.map;
import static dev.bindery.deployment.SamTemplate.parameter;
import static dev.bindery.deployment.SamTemplate.ref;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.bindery.runtime.internal.RecordedFunction;

/**
 * The Amazon MSK source of a SAM template: one event source mapping per topic (Lambda takes exactly one topic per
 * Kafka mapping; each is its own consumer group) on an existing cluster (parameter {@code MskClusterArn}) for the
 * application's topics — {@code bindery.lambda.sam.source.kafka} (comma-separated), else
 * the routed function's topic, else the topics the functions subscribe to on the component Kafka records are routed
 * to ({@code bindery.lambda.kafka.pubsub}) — and the permissions the mapping needs: AWS's
 * {@code AWSLambdaMSKExecutionRole} (the cluster's brokers, the network interfaces in its VPC) and, for a cluster with
 * IAM access control, connecting and reading its topics as the function's consumer group.
 */
final class SamKafka {

    /** The option naming the topics. */
    static final String OPTION = "bindery.lambda.sam.source.kafka";
    /** Kafka's rule for a topic's name. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final SamTemplate template;
    private final Optional<RecordedFunction> routed;
    private final List<RecordedFunction> functions;
    private final Map<String, String> properties;

    SamKafka(SamTemplate template, Optional<RecordedFunction> routed, List<RecordedFunction> functions,
            Map<String, String> properties) {
        this.template = template;
        this.routed = routed;
        this.functions = functions;
        this.properties = properties;
    }

    void add() {
        List<String> topics = topics();
        Map<String, Object> cluster = parameter("String", null, "The ARN of the Amazon MSK cluster whose topics "
                + topics + " the function reads");
        cluster.put("AllowedPattern", "arn:aws[a-z-]*:kafka:.*:cluster/.*");
        template.parameter("MskClusterArn", cluster);
        Map<String, Object> start = parameter("String", "LATEST", "Where a new consumer group starts reading");
        start.put("AllowedValues", List.of("LATEST", "TRIM_HORIZON"));
        template.parameter("MskStartingPosition", start);
        Map<String, String> mappings = new LinkedHashMap<>();
        for (String topic : topics) {
            String id = "Msk" + SamTemplate.logicalId(topic);
            String other = mappings.put(id, topic);
            if (other != null) {
                throw new IllegalArgumentException(OPTION + ": the topics '" + other + "' and '" + topic + "' would "
                        + "name the same event source mapping " + id + " (CloudFormation ids are letters and digits): "
                        + "rename one");
            }
            // Lambda takes one topic per Kafka event source mapping; each mapping is its own consumer group
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("Stream", ref("MskClusterArn"));
            source.put("Topics", List.of(topic));
            source.put("StartingPosition", ref("MskStartingPosition"));
            source.put("BatchSize", 100);
            // one dead-letter queue for every topic's mapping: the records of a failed batch it gives up on
            template.onFailure("Msk", "msk", source, false);
            template.event(id, "MSK", source);
        }
        template.policy("AWSLambdaMSKExecutionRole");
        // cluster/<name>/<uuid> of the cluster's ARN, the path of its topics' and groups' ARNs
        Map<String, Object> path = map("ClusterPath", map("Fn::Select", List.of(1, map("Fn::Split", List.of(
                "cluster/", ref("MskClusterArn"))))));
        template.policy(map("Statement", List.of(map(
                "Effect", "Allow",
                "Action", List.of("kafka-cluster:Connect", "kafka-cluster:DescribeClusterDynamicConfiguration",
                        "kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup", "kafka-cluster:DescribeTopic",
                        "kafka-cluster:ReadData"),
                "Resource", List.of(ref("MskClusterArn"),
                        arn("topic", path), arn("group", path))))));
    }

    /** The topics of {@value #OPTION}: Kafka topic names, each once, none empty. */
    static List<String> named(String configured) {
        Set<String> topics = new LinkedHashSet<>();
        for (String topic : configured.split(",", -1)) {
            String name = topic.trim();
            topics.add(valid(name, OPTION + "=" + configured));
        }
        return List.copyOf(topics);
    }

    /** @param where where the name comes from, for the build error */
    private static String valid(String topic, String where) {
        if (!TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException(where + ": '" + topic + "' is no Kafka topic name (1 to 249 of a-z A-Z "
                    + "0-9 . _ -); list the topics the function reads in " + OPTION + ", separated by commas");
        }
        return topic;
    }

    private static Map<String, Object> arn(String kind, Map<String, Object> path) {
        return map("Fn::Sub", List.of("arn:${AWS::Partition}:kafka:${AWS::Region}:${AWS::AccountId}:" + kind
                + "/${ClusterPath}/*", path));
    }

    private List<String> topics() {
        Optional<String> configured = template.source("kafka");
        if (configured.isPresent()) {
            return named(configured.get());
        }
        if (routed.isPresent()) {
            if (routed.get().getTopic() == null) {
                throw new IllegalArgumentException("bindery.lambda.kafka.function=" + routed.get().getName()
                        + " subscribes to no topic: name the topics the function reads in "
                        + "bindery.lambda.sam.source.kafka");
            }
            return List.of(valid(routed.get().getTopic(), "bindery.lambda.kafka.function=" + routed.get()
                    .getName()));
        }
        String pubsub = properties.getOrDefault("bindery.lambda.kafka.pubsub", "default");
        TreeSet<String> subscribed = new TreeSet<>();
        for (RecordedFunction function : functions) {
            if (function.getTopic() != null && pubsub.equals(function.getPubsub() == null
                    ? "default"
                    : function.getPubsub())) {
                subscribed.add(valid(function.getTopic(), "The topic of function " + function.getName()));
            }
        }
        if (subscribed.isEmpty()) {
            throw new IllegalArgumentException("No function subscribes to a topic of pub/sub '" + pubsub + "' for "
                    + "Amazon MSK to deliver: name the topics in bindery.lambda.sam.source.kafka");
        }
        return List.copyOf(subscribed);
    }
}

package dev.bindery.deployment;

import static dev.bindery.deployment.SamTemplate.map;
import static dev.bindery.deployment.SamTemplate.parameter;
import static dev.bindery.deployment.SamTemplate.ref;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import dev.bindery.runtime.internal.RecordedFunction;

/**
 * The Amazon MSK source of a SAM template: an event source mapping on an existing cluster (parameter
 * {@code MskClusterArn}) for the application's topics — {@code bindery.lambda.sam.source.kafka} (comma-separated), else
 * the routed function's topic, else the topics the functions subscribe to on the component Kafka records are routed
 * to ({@code bindery.lambda.kafka.pubsub}) — and the permissions the mapping needs: AWS's
 * {@code AWSLambdaMSKExecutionRole} (the cluster's brokers, the network interfaces in its VPC) and, for a cluster with
 * IAM access control, connecting and reading its topics as the function's consumer group.
 */
final class SamKafka {

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
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("Stream", ref("MskClusterArn"));
        source.put("Topics", topics);
        source.put("StartingPosition", ref("MskStartingPosition"));
        source.put("BatchSize", 100);
        template.event("MSK", "MSK", source);
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

    private static Map<String, Object> arn(String kind, Map<String, Object> path) {
        return map("Fn::Sub", List.of("arn:${AWS::Partition}:kafka:${AWS::Region}:${AWS::AccountId}:" + kind
                + "/${ClusterPath}/*", path));
    }

    private List<String> topics() {
        Optional<String> configured = template.source("kafka");
        if (configured.isPresent()) {
            return List.of(configured.get().trim().split("\\s*,\\s*"));
        }
        if (routed.isPresent()) {
            if (routed.get().getTopic() == null) {
                throw new IllegalArgumentException("bindery.lambda.kafka.function=" + routed.get().getName()
                        + " subscribes to no topic: name the topics the function reads in "
                        + "bindery.lambda.sam.source.kafka");
            }
            return List.of(routed.get().getTopic());
        }
        String pubsub = properties.getOrDefault("bindery.lambda.kafka.pubsub", "default");
        TreeSet<String> subscribed = new TreeSet<>();
        for (RecordedFunction function : functions) {
            if (function.getTopic() != null && pubsub.equals(function.getPubsub() == null
                    ? "default"
                    : function.getPubsub())) {
                subscribed.add(function.getTopic());
            }
        }
        if (subscribed.isEmpty()) {
            throw new IllegalArgumentException("No function subscribes to a topic of pub/sub '" + pubsub + "' for "
                    + "Amazon MSK to deliver: name the topics in bindery.lambda.sam.source.kafka");
        }
        return List.copyOf(subscribed);
    }
}

package dev.bindery.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bindery.internal.routing.AttributeCondition;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.runtime.internal.RecordedFunction;

/**
 * An AWS SAM template from the application's functions and configuration: one {@code AWS::Serverless::Function}
 * running the whole package, an event source per AWS source the package is routed from ({@code bindery.lambda.*} and
 * {@code bindery.lambda.sam.source.*}), the policies its output bindings and secrets need ({@link SamGrants}), and a
 * parameter for what differs per stage. Plain maps with CloudFormation's long-form intrinsics ({@code Ref},
 * {@code Fn::Sub}…), written as YAML by the build.
 */
public final class SamTemplate {

    /**
     * Bindery's stream handler ({@code bindery-lambda}): starts the application and hands every invocation to the
     * {@code bindery} handler bean.
     */
    public static final String HANDLER = "dev.bindery.lambda.BinderyStreamHandler::handleRequest";
    static final String FUNCTION = "Functions";
    /** Where Lambda unpacks the package. */
    private static final String TASK_ROOT = "/var/task/";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:[^}]*)?}");
    private static final List<String> STANDARD_PROFILES = List.of("dev", "test", "prod");
    /** How often a source delivers a failing record before it goes to the source's dead-letter queue. */
    private static final int DELIVERIES = 5;

    /** What the build reads from {@code bindery.lambda.sam.*} and the application. */
    public record Settings(String application, String codeUri, String runtime, String architecture, int memorySize,
            int timeout, boolean snapStart, Optional<String> appCdsArchive, String stage, boolean httpApi,
            Map<String, String> sources, List<String> eventBridgeSources, Map<String, String> secretKeys) {
    }

    private final Settings settings;
    private final Map<String, RecordedFunction> functions = new TreeMap<>();
    /** Every property as written, profile-prefixed ones included. */
    private final Map<String, String> properties;
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final Map<String, Object> conditions = new LinkedHashMap<>();
    private final Map<String, Object> resources = new LinkedHashMap<>();
    private final Map<String, Object> events = new LinkedHashMap<>();
    private final Map<String, Object> environment = new LinkedHashMap<>();
    private final List<Object> policies = new ArrayList<>();
    private final Map<String, Object> outputs = new LinkedHashMap<>();

    private SamTemplate(List<RecordedFunction> functions, Settings settings, Map<String, String> properties) {
        this.settings = settings;
        functions.forEach(function -> this.functions.put(function.getName(), function));
        this.properties = properties;
    }

    /**
     * @param properties every property as written (expressions and {@code ${secret:…}} references unexpanded), the
     *        {@code %profile.} ones included
     * @param injectedSecrets the secrets of {@code @Secret} injection points, as {@code store/name}
     * @throws IllegalArgumentException naming what cannot be expressed in the template
     */
    public static Map<String, Object> generate(List<RecordedFunction> functions, Settings settings,
            Map<String, String> properties, List<String> injectedSecrets) {
        SamTemplate template = new SamTemplate(functions, settings, properties);
        template.stageParameters();
        if (settings.httpApi()) {
            template.httpApi();
        }
        template.queue();
        template.topic();
        template.bucket();
        template.schedule();
        template.eventBridge();
        template.stream("kinesis", "Kinesis", "KinesisStreamArn", "arn:aws:kinesis");
        template.stream("dynamodb", "DynamoDB", "DynamoDbStreamArn", "arn:aws:dynamodb");
        if (template.declared("kafka")) {
            new SamKafka(template, template.routed("kafka"), functions, properties).add();
        }
        new SamGrants(template, properties, injectedSecrets, settings.secretKeys()).grant();
        template.profiles();
        template.state();
        return template.document();
    }

    // --- parameters and names

    private void stageParameters() {
        parameters.put("Stage", parameter("String", settings.stage(), "The stage: part of every resource's name"));
        parameters.put("NamePrefix", parameter("String", settings.application(),
                "Prefix of the names of the function, queues, topics and buckets"));
        parameters.put("MemorySize", parameter("Number", settings.memorySize(), "The function's memory, in MB"));
    }

    static Map<String, Object> parameter(String type, Object defaultValue, String description) {
        Map<String, Object> parameter = new LinkedHashMap<>();
        parameter.put("Type", type);
        if (defaultValue != null) {
            parameter.put("Default", defaultValue);
        }
        parameter.put("Description", description);
        return parameter;
    }

    /** {@code <prefix>-<stage>-<name>}, or with a suffix such as {@code -${AWS::AccountId}}. */
    static Map<String, Object> name(String name, String suffix) {
        return sub("${NamePrefix}-${Stage}" + (name.isEmpty() ? "" : "-" + kebab(name)) + suffix);
    }

    /** A map that keeps its entries in the order given, so the template is written the same way every build. */
    static Map<String, Object> map(Object... entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], entries[i + 1]);
        }
        return map;
    }

    static Map<String, Object> ref(String id) {
        return map("Ref", id);
    }

    static Map<String, Object> sub(String text) {
        return map("Fn::Sub", text);
    }

    static Map<String, Object> getAtt(String id, String attribute) {
        return map("Fn::GetAtt", List.of(id, attribute));
    }

    /** A logical id: letters and digits, each word capitalised. */
    static String logicalId(String name) {
        StringBuilder id = new StringBuilder();
        for (String word : name.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return id.toString();
    }

    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    // --- the AWS sources the package is routed from

    private Optional<String> option(String name) {
        return Optional.ofNullable(properties.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** The function a source's events go to ({@code bindery.lambda.<source>.function}), which must exist. */
    Optional<RecordedFunction> routed(String source) {
        return option("bindery.lambda." + source + ".function").map(name -> {
            RecordedFunction function = functions.get(name);
            if (function == null) {
                throw new IllegalArgumentException("bindery.lambda." + source + ".function=" + name
                        + " names no function; the functions are " + functions.keySet());
            }
            return function;
        });
    }

    boolean declared(String source) {
        return routed(source).isPresent() || option("bindery.lambda." + source + ".type").isPresent()
                || settings.sources().containsKey(source);
    }

    /** The name of a source's queue, topic or bucket: configured, else the routed function's binding or name. */
    private String resourceName(String source) {
        String configured = settings.sources().get(source);
        if (configured != null) {
            return configured;
        }
        return routed(source).map(f -> f.getBinding() != null ? f.getBinding() : f.getName()).orElse(source);
    }

    private void httpApi() {
        events.put("HttpApiRoot", event("HttpApi", map("Path", "/", "Method", "POST")));
        events.put("HttpApiFunctions", event("HttpApi", map("Path", "/{function}", "Method", "POST")));
        outputs.put("HttpApiUrl", output("POST CloudEvents (binary or structured) here, or plain JSON to /<function>",
                sub("https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/")));
    }

    private void queue() {
        if (!declared("sqs")) {
            return;
        }
        String name = resourceName("sqs");
        String id = logicalId(name);
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("QueueName", name(name, ""));
        // AWS recommends six times the function's timeout, so a batch being retried is not received twice
        queue.put("VisibilityTimeout", 6 * settings.timeout());
        resources.put(id + "Queue", map("Type", "AWS::SQS::Queue", "Properties", queue));
        // the queue first, then its dead-letter queue
        queue.put("RedrivePolicy", map("deadLetterTargetArn", deadLetterQueue(id, name), "maxReceiveCount",
                DELIVERIES));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Queue", getAtt(id + "Queue", "Arn"));
        properties.put("BatchSize", 10);
        properties.put("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        events.put(id, event("SQS", properties));
        outputs.put(id + "QueueUrl", output("The queue the function reads", ref(id + "Queue")));
    }

    private void topic() {
        if (!declared("sns")) {
            return;
        }
        String name = resourceName("sns");
        String id = logicalId(name);
        resources.put(id + "Topic", map("Type", "AWS::SNS::Topic", "Properties", map("TopicName", name(name,
                ""))));
        events.put(id, event("SNS", map("Topic", ref(id + "Topic"))));
        outputs.put(id + "TopicArn", output("The topic the function is subscribed to", ref(id + "Topic")));
    }

    private void bucket() {
        if (!declared("s3")) {
            return;
        }
        String name = resourceName("s3");
        String id = logicalId(name);
        resources.put(id + "Bucket", map("Type", "AWS::S3::Bucket", "Properties", map("BucketName", name(name,
                "-${AWS::AccountId}"))));
        events.put(id, event("S3", map("Bucket", ref(id + "Bucket"), "Events", "s3:ObjectCreated:*")));
        // by name: a Ref to the bucket would make the function and the bucket's notification depend on each other
        policies.add(map("S3ReadPolicy", map("BucketName", name(name, "-${AWS::AccountId}"))));
        outputs.put(id + "BucketName", output("The bucket whose new objects the function reads", ref(id
                + "Bucket")));
    }

    /** The routed function's cron binding, as an EventBridge schedule each stage may override. */
    private void schedule() {
        if (!declared("schedule")) {
            return;
        }
        RecordedFunction function = routed("schedule").orElseThrow(() -> new IllegalArgumentException(
                "A schedule source needs bindery.lambda.schedule.function: the function whose cron binding it "
                        + "replaces"));
        String binding = function.getBinding();
        String cron = binding == null ? null : option("bindery.bindings." + binding + ".cron").orElse(null);
        if (cron == null) {
            throw new IllegalArgumentException("bindery.lambda.schedule.function=" + function.getName() + ": the "
                    + "function has no cron binding to take the schedule from (@OnBinding(\"<b>\") with "
                    + "bindery.bindings.<b>.cron)");
        }
        parameters.put("ScheduleExpression", parameter("String", SamSchedules.eventBridge(binding, cron),
                "When " + function.getName() + " runs (an EventBridge schedule expression; from bindery.bindings."
                        + binding + ".cron)"));
        events.put(logicalId(binding), event("Schedule", map("Schedule", ref("ScheduleExpression"),
                "Description", "Runs " + function.getName())));
    }

    /**
     * EventBridge rules: from the routed function's filters (the type is an event's {@code detail-type}), unless
     * {@code bindery.lambda.eventbridge.type} retypes every event, and from {@code bindery.lambda.sam.event-bridge-sources}.
     */
    private void eventBridge() {
        if (!declared("eventbridge") && settings.eventBridgeSources().isEmpty()) {
            return;
        }
        Optional<RecordedFunction> function = routed("eventbridge");
        boolean retyped = option("bindery.lambda.eventbridge.type").isPresent();
        List<Map<String, Object>> patterns = new ArrayList<>();
        if (function.isPresent() && !retyped && !function.get().eventFilters().isEmpty()) {
            for (EventFilter filter : function.get().eventFilters()) {
                patterns.add(pattern(function.get().getName(), filter));
            }
        } else {
            patterns.add(new LinkedHashMap<>());
        }
        for (Map<String, Object> pattern : patterns) {
            if (!settings.eventBridgeSources().isEmpty()) {
                pattern.merge("source", settings.eventBridgeSources(), (filtered, configured) -> {
                    throw new IllegalArgumentException("bindery.lambda.sam.event-bridge-sources and the function "
                            + function.map(RecordedFunction::getName).orElse("") + "'s source filter both name the "
                            + "EventBridge source: keep one");
                });
            }
            if (pattern.isEmpty()) {
                throw new IllegalArgumentException("The EventBridge rule would take every event: give the routed "
                        + "function a type or source filter, or set bindery.lambda.sam.event-bridge-sources");
            }
        }
        for (int i = 0; i < patterns.size(); i++) {
            events.put("EventBridge" + (patterns.size() == 1 ? "" : Integer.toString(i + 1)), event(
                    "EventBridgeRule", map("Pattern", patterns.get(i))));
        }
    }

    /**
     * An {@code @OnEvent} filter as an EventBridge pattern: type is the {@code detail-type}, source the source. A filter
     * with {@code any}, {@code not} or {@code sql} is refused: a rule of its plain conditions alone would let through
     * events the function's filter refuses.
     */
    static Map<String, Object> pattern(String function, EventFilter filter) {
        if (!filter.isPlain()) {
            throw new IllegalArgumentException("The EventBridge rule of " + function + " cannot mirror its filter's "
                    + "any, not or sql part: route EventBridge events to a function with exact, prefix or suffix "
                    + "conditions on the type and source only");
        }
        Map<String, Object> pattern = new LinkedHashMap<>();
        for (AttributeCondition condition : filter.conditions()) {
            String field = switch (condition.attribute()) {
                case "type" -> "detail-type";
                case "source" -> "source";
                default -> throw new IllegalArgumentException("The EventBridge rule of " + function + " cannot filter"
                        + " on '" + condition.attribute() + "': EventBridge events carry only a source and a "
                        + "detail-type (the type)");
            };
            Object value = switch (condition.kind()) {
                case EXACT -> condition.value();
                case PREFIX -> map("prefix", condition.value());
                case SUFFIX -> map("suffix", condition.value());
            };
            pattern.put(field, List.of(value));
        }
        return pattern;
    }

    /** A Kinesis or DynamoDB stream the application reads: an existing stream, named by a parameter. */
    private void stream(String source, String type, String parameter, String arnPrefix) {
        if (!declared(source)) {
            return;
        }
        Map<String, Object> arn = parameter("String", null, "The ARN of the " + type + " stream the function reads");
        arn.put("AllowedPattern", arnPrefix + ":.*");
        parameters.put(parameter, arn);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Stream", ref(parameter));
        properties.put("StartingPosition", "LATEST");
        properties.put("BatchSize", 100);
        properties.put("FunctionResponseTypes", List.of("ReportBatchItemFailures"));
        onFailure(type + "Stream", source, properties, true);
        events.put(type + "Stream", event(type, properties));
    }

    /**
     * The queue the template creates for what a source gives up on, {@code <id>DeadLetterQueue} named
     * {@code <name>-dlq}.
     *
     * @return its ARN
     */
    private Map<String, Object> deadLetterQueue(String id, String name) {
        resources.put(id + "DeadLetterQueue", map("Type", "AWS::SQS::Queue", "Properties", map("QueueName", name(
                name + "-dlq", ""))));
        return getAtt(id + "DeadLetterQueue", "Arn");
    }

    /**
     * Bounds the retries of a stream's or Kafka topic's event source mapping, whose failed batch otherwise comes again
     * until its records expire, stalling what follows: the records it gives up on go to a dead-letter queue the
     * template creates, which the function may write to (the mapping sends as the function's role).
     *
     * @param retryLimit whether the source takes {@code MaximumRetryAttempts} and {@code BisectBatchOnFunctionError}
     *        (Kinesis, DynamoDB Streams; Kafka's need the mapping's provisioned mode)
     */
    void onFailure(String id, String name, Map<String, Object> source, boolean retryLimit) {
        if (retryLimit) {
            // deliveries in all, as an SQS source's redrive policy counts them
            source.put("MaximumRetryAttempts", DELIVERIES - 1);
            source.put("BisectBatchOnFunctionError", true);
        }
        if (!resources.containsKey(id + "DeadLetterQueue")) {
            deadLetterQueue(id, name);
            policy("SQSSendMessagePolicy", map("QueueName", getAtt(id + "DeadLetterQueue", "QueueName")));
            outputs.put(id + "DeadLetterQueueUrl", output("Where the " + name + " source's event source mapping "
                    + "sends the records it gives up on", ref(id + "DeadLetterQueue")));
        }
        source.put("DestinationConfig", map("OnFailure", map("Destination", getAtt(id + "DeadLetterQueue",
                "Arn"))));
    }

    private static Map<String, Object> event(String type, Map<String, Object> properties) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("Type", type);
        event.put("Properties", properties);
        return event;
    }

    private static Map<String, Object> output(String description, Object value) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("Description", description);
        output.put("Value", value);
        return output;
    }

    // --- what SamGrants adds

    /** A resource the template creates for an output binding or a secret. */
    void resource(String id, Map<String, Object> resource, String outputDescription) {
        resources.put(id, resource);
        outputs.put(id + (resource.get("Type").equals("AWS::SecretsManager::Secret") ? "Arn" : "Name"), output(
                outputDescription, ref(id)));
    }

    /** A policy of the function's: an AWS managed policy's name, or an inline policy document. */
    void policy(Object policy) {
        if (!policies.contains(policy)) {
            policies.add(policy);
        }
    }

    void parameter(String id, Map<String, Object> parameter) {
        parameters.put(id, parameter);
    }

    void event(String id, String type, Map<String, Object> properties) {
        events.put(id, event(type, properties));
    }

    /** @return the resource an AWS source reads, as configured ({@code bindery.lambda.sam.source.<source>}) */
    Optional<String> source(String source) {
        return Optional.ofNullable(settings.sources().get(source));
    }

    void policy(String template, Map<String, Object> parameters) {
        Map<String, Object> policy = map(template, parameters);
        if (!policies.contains(policy)) {
            policies.add(policy);
        }
    }

    void environment(String variable, Object value) {
        environment.put(variable, value);
    }

    /** {@code ${VAR}} or {@code ${VAR:default}}: the variable a property's value comes from, if it is only that. */
    static Optional<String> variable(String value) {
        Matcher matcher = VARIABLE.matcher(value.trim());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    // --- profiles and state

    /** The application's own profiles ({@code %secure.…}): a parameter picks the ones the function runs in. */
    private void profiles() {
        Set<String> profiles = new TreeSet<>();
        for (String name : properties.keySet()) {
            if (name.startsWith("%")) {
                for (String profile : name.substring(1, name.indexOf('.')).split(",")) {
                    if (!STANDARD_PROFILES.contains(profile)) {
                        profiles.add(profile);
                    }
                }
            }
        }
        if (profiles.isEmpty()) {
            return;
        }
        List<String> allowed = new ArrayList<>(List.of("prod"));
        profiles.forEach(profile -> allowed.add("prod," + profile));
        Map<String, Object> parameter = parameter("String", "prod", "The Quarkus profiles the function runs in "
                + "(QUARKUS_PROFILE): the application's own profiles are " + String.join(", ", profiles));
        parameter.put("AllowedValues", allowed);
        parameters.put("Profile", parameter);
        environment.put("QUARKUS_PROFILE", ref("Profile"));
    }

    /**
     * Embedded state under /tmp is one instance's: with {@code StateServers} set, every store of the application is
     * remote on those Infinispan servers (Hot Rod), shared by every instance.
     */
    private void state() {
        Set<String> stores = new TreeSet<>(Set.of("default"));
        for (String name : properties.keySet()) {
            if (name.startsWith("bindery.state.")) {
                String rest = name.substring("bindery.state.".length());
                if (rest.indexOf('.') > 0) {
                    stores.add(rest.substring(0, rest.indexOf('.')));
                }
            }
        }
        Map<String, Object> servers = parameter("String", "", "Set this (the default set-up): the Infinispan "
                + "servers (host:port;host:port) that hold every state store (" + String.join(", ", stores)
                + "; each a cache of that name), shared by every instance over Hot Rod. Empty: each instance keeps "
                + "its own state under /tmp, so first-write-wins and idempotency hold per instance only (the "
                + "function warns at start-up); for trials");
        servers.put("AllowedPattern", "^$|^[^;:\\s]+:[0-9]+(;[^;:\\s]+:[0-9]+)*$");
        servers.put("ConstraintDescription", "host:port of each Infinispan server, separated by ';', or empty");
        parameters.put("StateServers", servers);
        conditions.put("RemoteState", map("Fn::Not", List.of(map("Fn::Equals", List.of(ref("StateServers"),
                "")))));
        for (String store : stores) {
            String prefix = "BINDERY_STATE_" + store.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_";
            environment.put(prefix + "MODE", map("Fn::If", List.of("RemoteState", "remote", ref(
                    "AWS::NoValue"))));
            environment.put(prefix + "HOTROD_SERVERS", map("Fn::If", List.of("RemoteState", ref("StateServers"),
                    ref("AWS::NoValue"))));
        }
    }

    // --- the document

    private Map<String, Object> document() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("FunctionName", name("", ""));
        properties.put("Description", "Every function of " + settings.application() + " in one package");
        properties.put("Handler", HANDLER);
        properties.put("Runtime", settings.runtime());
        properties.put("Architectures", List.of(settings.architecture()));
        properties.put("CodeUri", settings.codeUri());
        properties.put("MemorySize", ref("MemorySize"));
        properties.put("Timeout", settings.timeout());
        if (settings.snapStart()) {
            properties.put("AutoPublishAlias", "live");
            properties.put("SnapStart", map("ApplyOn", "PublishedVersions"));
        }
        Map<String, Object> variables = new LinkedHashMap<>(environment);
        // Lambda's recommendation for Java: start fast with the C1 compiler only; the package's AppCDS archive, where
        // Lambda unpacks the package
        variables.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1" + settings.appCdsArchive()
                .map(archive -> " -XX:SharedArchiveFile=" + TASK_ROOT + archive).orElse(""));
        properties.put("Environment", map("Variables", variables));
        if (!policies.isEmpty()) {
            properties.put("Policies", policies);
        }
        if (!events.isEmpty()) {
            properties.put("Events", events);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put(FUNCTION, map("Type", "AWS::Serverless::Function", "Properties", properties));
        all.putAll(resources);
        outputs.put("FunctionArn", output(settings.snapStart()
                ? "The function (its live alias runs the SnapStart "
                        + "version)"
                : "The function", ref(settings.snapStart() ? FUNCTION + ".Alias" : FUNCTION)));

        Map<String, Object> template = new LinkedHashMap<>();
        template.put("AWSTemplateFormatVersion", "2010-09-09");
        template.put("Transform", "AWS::Serverless-2016-10-31");
        template.put("Description", settings.application() + " on AWS Lambda: one package hosts every function; "
                + "each AWS event source's events become CloudEvents routed to the functions. Generated by the "
                + "Bindery build.");
        template.put("Parameters", parameters);
        template.put("Conditions", conditions);
        template.put("Resources", all);
        template.put("Outputs", outputs);
        return template;
    }
}

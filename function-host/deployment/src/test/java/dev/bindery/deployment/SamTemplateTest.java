package dev.bindery.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.routing.AttributeCondition;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.runtime.internal.RecordedFunction;
import dev.bindery.testing.SamSchema;

class SamTemplateTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static RecordedFunction function(String name, String binding, String... filters) {
        RecordedFunction function = new RecordedFunction();
        function.setName(name);
        function.setBinding(binding);
        function.setFilters(List.of(filters));
        return function;
    }

    static final List<RecordedFunction> FUNCTIONS = List.of(function("placeOrder", null,
            "type=com.example.order.placed"), function("nightlyReport", "nightly", "type=nightlyReport"),
            function(
                    "ingestUpload", "uploads", "type=ingestUpload"),
            function("greet", null, "type=greet"), function(
                    "onShipment", null, "type^=com.example.shipment.\nsource=com.example.shop"));

    static SamTemplate.Settings settings(Map<String, String> sources, List<String> eventBridgeSources) {
        return settings(Optional.empty(), sources, eventBridgeSources);
    }

    static SamTemplate.Settings settings(Optional<String> appCdsArchive, Map<String, String> sources,
            List<String> eventBridgeSources) {
        return new SamTemplate.Settings("shop", "../function.zip", "java21", "arm64", 512, 20, true, appCdsArchive,
                "dev", true, sources, eventBridgeSources, Map.of());
    }

    static Map<String, String> properties(String... entries) {
        Map<String, String> properties = new TreeMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            properties.put(entries[i], entries[i + 1]);
        }
        return properties;
    }

    static JsonNode generate(Map<String, String> properties) {
        return generate(properties, Map.of(), List.of());
    }

    static JsonNode generate(Map<String, String> properties, Map<String, String> sources,
            List<String> eventBridgeSources) {
        Map<String, Object> template = SamTemplate.generate(FUNCTIONS, settings(sources, eventBridgeSources),
                properties, List.of());
        JsonNode json = JSON.valueToTree(template);
        assertThat(SamSchema.errors(json.toString())).as("refused by the SAM schema").isEmpty();
        assertOneTopicPerMapping(function(json).path("Events"));
        return json;
    }

    static JsonNode function(JsonNode template) {
        return template.path("Resources").path("Functions").path("Properties");
    }

    @Test
    void theFunctionRunsThePackageWithItsHandlerRuntimeArchitectureMemoryTimeoutAndSnapStart() {
        JsonNode function = function(generate(properties()));

        assertThat(function.path("Handler").asText()).isEqualTo(
                "dev.bindery.lambda.BinderyStreamHandler::handleRequest");
        assertThat(function.path("Runtime").asText()).isEqualTo("java21");
        assertThat(function.path("Architectures").toString()).isEqualTo("[\"arm64\"]");
        assertThat(function.path("CodeUri").asText()).isEqualTo("../function.zip");
        assertThat(function.path("MemorySize").path("Ref").asText()).isEqualTo("MemorySize");
        assertThat(function.path("Timeout").asInt()).isEqualTo(20);
        assertThat(function.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(function.path("AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(function.path("Events").path("HttpApiRoot").path("Type").asText()).isEqualTo("HttpApi");
        assertThat(function.path("Events").path("HttpApiFunctions").path("Properties").path("Path").asText())
                .isEqualTo("/{function}");
        assertThat(function.path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText())
                .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }

    @Test
    void aPackagedAppCdsArchiveIsWhereLambdaUnpacksThePackageInTheJvmOptions() {
        JsonNode template = JSON.valueToTree(SamTemplate.generate(FUNCTIONS, settings(Optional.of("app-cds.jsa"),
                Map.of(), List.of()), properties(), List.of()));

        assertThat(function(template).path("Environment").path("Variables").path("JAVA_TOOL_OPTIONS").asText())
                .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile=/var/task/app-cds.jsa");
    }

    @Test
    void anSqsSourceIsAQueueWithADeadLetterQueueThatReportsBatchItemFailures() {
        JsonNode template = generate(properties("bindery.lambda.sqs.function", "placeOrder"), Map.of("sqs", "orders"),
                List.of());
        JsonNode event = function(template).path("Events").path("Orders");

        assertThat(event.path("Type").asText()).isEqualTo("SQS");
        assertThat(event.path("Properties").path("Queue").path("Fn::GetAtt").toString()).isEqualTo(
                "[\"OrdersQueue\",\"Arn\"]");
        assertThat(event.path("Properties").path("FunctionResponseTypes").toString()).isEqualTo(
                "[\"ReportBatchItemFailures\"]");
        JsonNode queue = template.path("Resources").path("OrdersQueue").path("Properties");
        assertThat(queue.path("QueueName").path("Fn::Sub").asText()).isEqualTo("${NamePrefix}-${Stage}-orders");
        assertThat(queue.path("VisibilityTimeout").asInt()).isEqualTo(120);
        assertThat(queue.path("RedrivePolicy").path("deadLetterTargetArn").path("Fn::GetAtt").get(0).asText())
                .isEqualTo("OrdersDeadLetterQueue");
    }

    @Test
    void aScheduleIsTheRoutedFunctionsCronBindingAsAnEventBridgeExpressionEachStageMayOverride() {
        JsonNode template = generate(properties("bindery.lambda.schedule.function", "nightlyReport",
                "bindery.bindings.nightly.cron", "0 30 2 ? * 2-6 2027"));

        assertThat(template.path("Parameters").path("ScheduleExpression").path("Default").asText()).isEqualTo(
                "cron(30 2 ? * 2-6 2027)");
        JsonNode event = function(template).path("Events").path("Nightly");
        assertThat(event.path("Type").asText()).isEqualTo("Schedule");
        assertThat(event.path("Properties").path("Schedule").path("Ref").asText()).isEqualTo("ScheduleExpression");
    }

    @Test
    void schedulesConvertToEventBridgeSyntaxOrAreRefusedNamingTheBinding() {
        assertThat(SamSchedules.eventBridge("b", "0 0 2 * * ?")).isEqualTo("cron(0 2 * * ? *)");
        assertThat(SamSchedules.eventBridge("b", "0 15 10 ? * MON-FRI")).isEqualTo("cron(15 10 ? * MON-FRI *)");
        // Quartz and EventBridge both count day-of-week from 1 = Sunday
        assertThat(SamSchedules.eventBridge("b", "0 0 12 ? * 1")).isEqualTo("cron(0 12 ? * 1 *)");
        assertThat(SamSchedules.eventBridge("b", "0 0 0 L * ?")).isEqualTo("cron(0 0 L * ? *)");
        assertThat(SamSchedules.eventBridge("b", "@daily")).isEqualTo("cron(0 0 * * ? *)");
        assertThat(SamSchedules.eventBridge("b", "@weekly")).isEqualTo("cron(0 0 ? * SUN *)");
        assertThat(SamSchedules.eventBridge("b", "@every 5m")).isEqualTo("rate(5 minutes)");
        assertThat(SamSchedules.eventBridge("b", "@every 1h")).isEqualTo("rate(1 hour)");
        assertThat(SamSchedules.eventBridge("b", "@every 2d")).isEqualTo("rate(2 days)");

        assertThatThrownBy(() -> SamSchedules.eventBridge("ticks", "*/10 * * * * ?")).hasMessageContaining(
                "bindery.bindings.ticks.cron=*/10 * * * * ?").hasMessageContaining("seconds field must be 0");
        assertThatThrownBy(() -> SamSchedules.eventBridge("ticks", "@every 30s")).hasMessageContaining(
                "whole minutes");
        assertThatThrownBy(() -> SamSchedules.eventBridge("ticks", "0 0 2 * *")).hasMessageContaining(
                "not a Quartz cron expression");
        assertThatThrownBy(() -> SamSchedules.eventBridge("ticks", "@often")).hasMessageContaining("shorthands");
    }

    @Test
    void aScheduleWithoutACronBindingIsABuildErrorNamingTheFunction() {
        assertThatThrownBy(() -> generate(properties("bindery.lambda.schedule.function", "greet"))).hasMessageContaining(
                "bindery.lambda.schedule.function=greet").hasMessageContaining("no cron binding");
        assertThatThrownBy(() -> generate(properties("bindery.lambda.sns.function", "gone"))).hasMessageContaining(
                "bindery.lambda.sns.function=gone names no function");
    }

    @Test
    void s3AndSnsSourcesCreateTheirBucketAndTopicAndTheBucketIsReadable() {
        JsonNode template = generate(properties("bindery.lambda.s3.function", "ingestUpload",
                "bindery.lambda.sns.function", "greet"), Map.of("sns", "greetings"), List.of());
        JsonNode events = function(template).path("Events");

        assertThat(events.path("Uploads").path("Properties").path("Bucket").path("Ref").asText()).isEqualTo(
                "UploadsBucket");
        assertThat(events.path("Uploads").path("Properties").path("Events").asText()).isEqualTo("s3:ObjectCreated:*");
        assertThat(events.path("Greetings").path("Properties").path("Topic").path("Ref").asText()).isEqualTo(
                "GreetingsTopic");
        assertThat(function(template).path("Policies").toString()).contains(
                "{\"S3ReadPolicy\":{\"BucketName\":{\"Fn::Sub\":\"${NamePrefix}-${Stage}-uploads-${AWS::AccountId}\"}}}");
    }

    @Test
    void eventBridgeRulesComeFromTheRoutedFunctionsFiltersWhereTheyMap() {
        JsonNode template = generate(properties("bindery.lambda.eventbridge.function", "onShipment"));
        JsonNode pattern = function(template).path("Events").path("EventBridge").path("Properties").path("Pattern");

        assertThat(pattern.toString()).isEqualTo(
                "{\"detail-type\":[{\"prefix\":\"com.example.shipment.\"}],\"source\":[\"com.example.shop\"]}");
    }

    @Test
    void retypedEventBridgeEventsAreSelectedByTheConfiguredSources() {
        JsonNode template = generate(properties("bindery.lambda.eventbridge.type", "com.example.order.placed"), Map
                .of(), List.of("com.example.shop"));

        assertThat(function(template).path("Events").path("EventBridge").path("Properties").path("Pattern")
                .toString()).isEqualTo("{\"source\":[\"com.example.shop\"]}");
        assertThatThrownBy(() -> generate(properties("bindery.lambda.eventbridge.type", "x"))).hasMessageContaining(
                "would take every event");
        assertThatThrownBy(() -> SamTemplate.pattern("f", EventFilter.parse(List.of("subject=x"))))
                .hasMessageContaining("cannot filter on 'subject'");
        assertThat(SamTemplate.pattern("f", EventFilter.parse(List.of("type=a", "source^=/shop"))))
                .hasToString("{detail-type=[a], source=[{prefix=/shop}]}");
        assertThatThrownBy(() -> SamTemplate.pattern("f", EventFilter.of(List.of(AttributeCondition.exact("type",
                "a")), List.of(), List.of(AttributeCondition.exact("source", "/test")), null)))
                .hasMessageContaining("cannot mirror its filter's any, not or sql part");
    }

    @Test
    void kinesisAndDynamoDbStreamsAreParametersWithBatchItemFailures() {
        JsonNode template = generate(properties("bindery.lambda.kinesis.function", "greet",
                "bindery.lambda.dynamodb.type", "com.example.change"));

        assertThat(template.path("Parameters").path("KinesisStreamArn").path("Type").asText()).isEqualTo("String");
        JsonNode events = function(template).path("Events");
        assertThat(events.path("KinesisStream").path("Properties").path("Stream").path("Ref").asText()).isEqualTo(
                "KinesisStreamArn");
        assertThat(events.path("DynamoDBStream").path("Properties").path("FunctionResponseTypes").toString())
                .contains("ReportBatchItemFailures");
        for (String stream : List.of("KinesisStream", "DynamoDBStream")) {
            JsonNode properties = events.path(stream).path("Properties");
            assertThat(properties.path("MaximumRetryAttempts").asInt()).as(stream + ": bounded").isEqualTo(4);
            assertThat(properties.path("BisectBatchOnFunctionError").asBoolean()).isTrue();
            assertGivesUpToADeadLetterQueueItMayWriteTo(template, stream, properties);
        }
        assertThat(template.path("Resources").path("KinesisStreamDeadLetterQueue").path("Properties").path(
                "QueueName").path("Fn::Sub").asText()).isEqualTo("${NamePrefix}-${Stage}-kinesis-dlq");
    }

    /** The mapping's on-failure destination is a queue of the template's, and the function may send to it. */
    private static void assertGivesUpToADeadLetterQueueItMayWriteTo(JsonNode template, String event,
            JsonNode properties) {
        JsonNode destination = properties.path("DestinationConfig").path("OnFailure").path("Destination");
        String queue = destination.path("Fn::GetAtt").path(0).asText();
        assertThat(destination.path("Fn::GetAtt").path(1).asText()).as(event).isEqualTo("Arn");
        assertThat(template.path("Resources").path(queue).path("Type").asText()).as(event).isEqualTo(
                "AWS::SQS::Queue");
        assertThat(function(template).path("Policies").toString()).as(event).contains(
                "{\"SQSSendMessagePolicy\":{\"QueueName\":{\"Fn::GetAtt\":[\"" + queue + "\",\"QueueName\"]}}}");
    }

    @Test
    void mskReadsEachTopicOfTheClusterParameterInItsOwnMappingWithThePermissionsItNeeds() {
        JsonNode template = generate(properties("bindery.lambda.kafka.function", "greet"), Map.of("kafka",
                "orders, order.events"), List.of());

        assertThat(SamSchema.errors(template.toString())).as("refused by the SAM schema").isEmpty();
        JsonNode events = function(template).path("Events");
        assertOneTopicPerMapping(events);
        JsonNode msk = events.path("MskOrders");
        assertThat(msk.path("Type").asText()).isEqualTo("MSK");
        assertThat(msk.path("Properties").path("Stream").path("Ref").asText()).isEqualTo("MskClusterArn");
        assertThat(msk.path("Properties").path("Topics").toString()).isEqualTo("[\"orders\"]");
        assertThat(events.path("MskOrderEvents").path("Properties").path("Topics").toString()).isEqualTo(
                "[\"order.events\"]");
        assertThat(msk.path("Properties").path("StartingPosition").path("Ref").asText()).isEqualTo(
                "MskStartingPosition");
        assertThat(msk.path("Properties").has("FunctionResponseTypes")).as("a failed record fails the batch").isFalse();
        assertGivesUpToADeadLetterQueueItMayWriteTo(template, "MskOrders", msk.path("Properties"));
        assertThat(events.path("MskOrderEvents").path("Properties").path("DestinationConfig")).as("one queue")
                .isEqualTo(msk.path("Properties").path("DestinationConfig"));
        assertThat(msk.path("Properties").has("MaximumRetryAttempts")).as("needs the mapping's provisioned mode")
                .isFalse();
        assertThat(template.path("Parameters").path("MskClusterArn").path("AllowedPattern").asText()).contains(
                ":kafka:");
        JsonNode policies = function(template).path("Policies");
        assertThat(policies.toString()).contains("\"AWSLambdaMSKExecutionRole\"", "kafka-cluster:Connect",
                "kafka-cluster:ReadData", "kafka-cluster:AlterGroup", ":topic/${ClusterPath}/*",
                ":group/${ClusterPath}/*");
    }

    /** Lambda's CreateEventSourceMapping takes exactly one topic for Amazon MSK and self-managed Kafka. */
    private static void assertOneTopicPerMapping(JsonNode events) {
        events.fields().forEachRemaining(event -> {
            if (event.getValue().path("Type").asText().equals("MSK")) {
                assertThat(event.getValue().path("Properties").path("Topics")).as(event.getKey()).hasSize(1);
            }
        });
    }

    @Test
    void mskTopicsAreThoseTheFunctionsSubscribeToUnlessNamed() {
        RecordedFunction audit = function("audit", null);
        audit.setTopic("orders");
        RecordedFunction shipping = function("ship", null);
        shipping.setTopic("shipments");
        Map<String, Object> template = SamTemplate.generate(List.of(audit, shipping), settings(Map.of(), List.of()),
                properties("bindery.lambda.kafka.type", "com.example.order"), List.of());
        JsonNode json = JSON.valueToTree(template);

        assertThat(SamSchema.errors(json.toString())).isEmpty();
        assertOneTopicPerMapping(function(json).path("Events"));
        assertThat(function(json).path("Events").path("MskOrders").path("Properties").path("Topics").toString())
                .isEqualTo("[\"orders\"]");
        assertThat(function(json).path("Events").path("MskShipments").path("Properties").path("Topics").toString())
                .isEqualTo("[\"shipments\"]");
        assertThatThrownBy(() -> SamTemplate.generate(List.of(function("greet", null)), settings(Map.of(), List.of()),
                properties("bindery.lambda.kafka.type", "x"), List.of())).hasMessageContaining(
                        "bindery.lambda.sam.source.kafka");
    }

    @Test
    void mskTopicsThatAreNoKafkaTopicNamesAreABuildErrorNamingTheOption() {
        for (String topics : List.of("orders,,greetings", "orders, ", "orders/eu", "a".repeat(250))) {
            assertThatThrownBy(() -> generate(properties("bindery.lambda.kafka.function", "greet"), Map.of("kafka",
                    topics), List.of())).as(topics).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bindery.lambda.sam.source.kafka").hasMessageContaining("no Kafka topic name");
        }
        assertThatThrownBy(() -> generate(properties("bindery.lambda.kafka.function", "greet"), Map.of("kafka",
                "order.events, order-events"), List.of())).hasMessageContaining("MskOrderEvents");
    }

    @Test
    void outputBindingsAreGrantedAndCreatedWhenTheirNameIsAVariable() {
        JsonNode template = generate(properties("bindery.bindings.reports.kind", "${REPORTS_KIND:file}",
                "bindery.bindings.reports.s3", "${REPORTS_BUCKET:none}", "bindery.bindings.archive.s3", "archive-bkt",
                "bindery.bindings.letters.sqs", "letters"));
        JsonNode function = function(template);

        assertThat(template.path("Resources").path("ReportsBucket").path("Type").asText()).isEqualTo(
                "AWS::S3::Bucket");
        assertThat(function.path("Environment").path("Variables").path("REPORTS_BUCKET").path("Ref").asText())
                .isEqualTo("ReportsBucket");
        assertThat(function.path("Environment").path("Variables").path("REPORTS_KIND").asText()).isEqualTo("s3");
        String policies = function.path("Policies").toString();
        assertThat(policies).contains("{\"S3CrudPolicy\":{\"BucketName\":{\"Ref\":\"ReportsBucket\"}}}",
                "{\"S3CrudPolicy\":{\"BucketName\":\"archive-bkt\"}}",
                "{\"SQSSendMessagePolicy\":{\"QueueName\":\"letters\"}}");
    }

    @Test
    void secretsAreCreatedWithGeneratedValuesAndGrantedOneByOneAndNoValueIsInTheTemplate() {
        JsonNode template = generate(properties("bindery.secrets.local.type", "aws-secrets-manager",
                "bindery.secrets.params.type", "aws-ssm", "bindery.functions.x.secret",
                "${secret:local/report-signing#key}", "bindery.apps.a.token", "${secret:params//shop/token}",
                "%secure.bindery.security.tokens.ops.value", "${secret:local/api-tokens#ops}",
                "%test.bindery.other", "${secret:local/test-only#k}"));
        JsonNode function = function(template);

        JsonNode secret = template.path("Resources").path("ReportSigningSecret").path("Properties");
        assertThat(secret.path("Name").asText()).isEqualTo("report-signing");
        assertThat(secret.path("GenerateSecretString").path("GenerateStringKey").asText()).isEqualTo("key");
        assertThat(secret.has("SecretString")).isFalse();
        String policies = function.path("Policies").toString();
        assertThat(policies).contains(
                "{\"AWSSecretsManagerGetSecretValuePolicy\":{\"SecretArn\":{\"Ref\":\"ReportSigningSecret\"}}}",
                "{\"AWSSecretsManagerGetSecretValuePolicy\":{\"SecretArn\":{\"Ref\":\"ApiTokensSecret\"}}}",
                "{\"SSMParameterReadPolicy\":{\"ParameterName\":\"shop/token\"}}").doesNotContain("test-only");
        assertThat(template.path("Parameters").path("Profile").path("AllowedValues").toString()).isEqualTo(
                "[\"prod\",\"prod,secure\"]");
        assertThat(template.toString()).doesNotContain("${secret:");
    }

    @Test
    void stateIsRemoteOnTheHotRodServersOfTheStageParameter() {
        JsonNode template = generate(properties("bindery.state.orders.data-dir", "/tmp/orders"));
        JsonNode variables = function(template).path("Environment").path("Variables");

        JsonNode servers = template.path("Parameters").path("StateServers");
        assertThat(servers.path("Default").asText()).as("embedded stays usable for trials").isEmpty();
        assertThat(servers.path("Description").asText()).startsWith("Set this (the default set-up)")
                .contains("default, orders", "per instance only");
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(servers.path("AllowedPattern").asText());
        assertThat(List.of("", "infinispan:11222", "a.example:11222;10.0.0.2:11222"))
                .allMatch(value -> pattern.matcher(value).matches());
        assertThat(List.of("infinispan", "a:11222;", "a:1 b:2")).noneMatch(value -> pattern.matcher(value).matches());
        assertThat(variables.path("BINDERY_STATE_ORDERS_HOTROD_SERVERS").path("Fn::If").toString()).isEqualTo(
                "[\"RemoteState\",{\"Ref\":\"StateServers\"},{\"Ref\":\"AWS::NoValue\"}]");
        assertThat(variables.path("BINDERY_STATE_DEFAULT_MODE").path("Fn::If").get(1).asText()).isEqualTo("remote");
        assertThat(template.path("Parameters").path("Stage").path("Default").asText()).isEqualTo("dev");
    }

    @Test
    void theSchemaRefusesATemplateSamWouldRefuse() {
        Map<String, Object> template = SamTemplate.generate(FUNCTIONS, settings(Map.of(), List.of()), properties(),
                List.of());
        ObjectMapper mapper = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode broken = mapper.valueToTree(template);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("Resources").path("Functions").path(
                "Properties")).put("SnapStrat", "oops");

        assertThat(SamSchema.errors(broken.toString())).isNotEmpty();
    }
}

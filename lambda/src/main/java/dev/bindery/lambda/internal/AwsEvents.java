package dev.bindery.lambda.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.BytesCloudEventData;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;

import dev.bindery.binding.CronTick;
import dev.bindery.binding.StoredObject;
import dev.bindery.lambda.internal.Routing.Source;
import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.support.EventIds;
import dev.bindery.spi.support.MediaTypes;
import dev.bindery.spi.support.Payloads;
import dev.bindery.spi.support.RawEvents;

/**
 * Recognises the shape of an AWS Lambda event and maps it to CloudEvents, one per record. Dates are read as AWS writes
 * them: ISO-8601 (SNS {@code Timestamp}, S3 {@code eventTime}, EventBridge {@code time}), epoch milliseconds as text
 * (SQS {@code SentTimestamp}) and epoch seconds with a fraction (Kinesis {@code approximateArrivalTimestamp},
 * DynamoDB {@code ApproximateCreationDateTime}).
 * <p>
 * Who sent each event, for the security stage: a record of an AWS event source reached the function through IAM, so
 * its sender is that source, a {@linkplain Caller.Kind#PRINCIPAL principal} named by its ARN (the queue, topic,
 * stream or table, {@code arn:aws:s3:::<bucket>}, the schedule's rule) or, for EventBridge, by the event's
 * {@code source}. An API Gateway request's sender is what its authorizer verified (a JWT's subject and groups, a
 * Lambda authorizer's principal, an IAM user's ARN); without an authorizer the request's headers are read as on HTTP.
 * CloudEvents and direct invocations carry no sender.
 */
public final class AwsEvents {

    /**
     * A record of a batch: its identifier for {@code batchItemFailures} and its event, or why it cannot be read and the
     * record as it came (JSON), for the dead letter.
     */
    public record Item(String identifier, CloudEvent event, Credentials credentials, String unreadable,
            byte[] record, String topic) {

        /** A record of a source without topics. */
        public Item(String identifier, CloudEvent event, Credentials credentials, String unreadable, byte[] record) {
            this(identifier, event, credentials, unreadable, record, null);
        }
    }

    /** An event and what proved its sender. */
    public record Sent(CloudEvent event, Credentials credentials) {
    }

    /** What the invocation carries. */
    public sealed interface Invocation {
    }

    /**
     * An API Gateway request (REST API v1 or HTTP API v2).
     *
     * @param authorizer the caller API Gateway's authorizer verified, or null when the request context has none
     */
    public record Http(String method, String path, Map<String, String> headers, byte[] body, boolean v2,
            Caller authorizer)
            implements
                Invocation {
    }

    /**
     * A batch of records: its failures are answered per record ({@code batchItemFailures}: SQS, Kinesis, DynamoDB
     * Streams) or, without {@code partialResponse} (Kafka), retried and dead-lettered within the invocation, which fails
     * only when a record cannot be dead-lettered, so the whole batch is retried.
     */
    public record Batch(Source source, List<Item> items, boolean stopAtFirstFailure, boolean partialResponse)
            implements
                Invocation {

        public Batch(Source source, List<Item> items, boolean stopAtFirstFailure) {
            this(source, items, stopAtFirstFailure, true);
        }
    }

    /** Events whose failure fails the invocation (SNS, S3, EventBridge, schedules, CloudEvents). */
    public record Events(Source source, List<Sent> events) implements Invocation {
    }

    /** A direct invocation naming a function: {@code {"function": "greet", "data": {...}}}. */
    public record Direct(String function, CloudEvent event) implements Invocation {
    }

    /** The source of a direct invocation's event. */
    private static final URI DIRECT_SOURCE = URI.create("/lambda");

    private final ObjectMapper mapper;
    private final Routing routing;
    private final JsonFormat format = new JsonFormat();

    public AwsEvents(ObjectMapper mapper, Routing routing) {
        this.mapper = mapper;
        this.routing = routing;
    }

    /**
     * @throws IllegalArgumentException naming what was seen, when the shape is not one Bindery knows or the event
     *         itself is not JSON
     */
    public Invocation read(byte[] input) {
        try {
            return shape(input);
        } catch (DateTimeException | IllegalStateException | CloudEventRWException | EventDeserializationException e) {
            // what the date parsers, the CloudEvents builder and the JSON format say about a value they cannot take
            throw new IllegalArgumentException("The Lambda event cannot be read: " + e.getMessage(), e);
        }
    }

    private Invocation shape(byte[] input) {
        Direct direct = direct(input);
        if (direct != null) {
            return direct;
        }
        JsonNode root;
        try {
            root = mapper.readTree(input);
        } catch (IOException e) {
            throw new IllegalArgumentException("The Lambda event is not JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("The Lambda event is empty");
        }
        if (root.isArray()) {
            // EventBridge Pipes deliver a batch as a JSON array
            List<Sent> events = new ArrayList<>();
            for (JsonNode element : root) {
                events.add(single(element));
            }
            return new Events(Source.EVENTBRIDGE, events);
        }
        if (KAFKA_SOURCES.contains(root.path("eventSource").asText()) && root.path("records").isObject()) {
            return kafka(root);
        }
        JsonNode records = root.get("Records");
        if (records != null && records.isArray() && !records.isEmpty()) {
            JsonNode first = records.get(0);
            String source = first.has("eventSource")
                    ? first.path("eventSource").asText()
                    : first.path("EventSource").asText();
            switch (source) {
                case "aws:sqs" :
                    return sqs(records);
                case "aws:sns" :
                    List<Sent> notifications = new ArrayList<>();
                    for (JsonNode record : records) {
                        notifications.add(new Sent(sns(record), deliveredBy(record.path("Sns").path("TopicArn"))));
                    }
                    return new Events(Source.SNS, notifications);
                case "aws:s3" :
                    List<Sent> objects = new ArrayList<>();
                    for (JsonNode record : records) {
                        if (record.path("eventName").asText().startsWith("ObjectCreated:")) {
                            CloudEvent object = s3(record);
                            // the event's source is the bucket's ARN
                            objects.add(new Sent(object, deliveredBy(object.getSource().toString())));
                        }
                    }
                    return new Events(Source.S3, objects);
                case "aws:kinesis" :
                    return batch(Source.KINESIS, records, r -> r.path("kinesis").path("sequenceNumber").asText(),
                            this::kinesis, false);
                case "aws:dynamodb" :
                    return batch(Source.DYNAMODB, records, r -> r.path("dynamodb").path("SequenceNumber").asText(),
                            this::dynamodb, false);
                default :
                    throw new IllegalArgumentException("Unrecognized Lambda event: Records with eventSource '" + source
                            + "'; known: aws:sqs, aws:sns, aws:s3, aws:kinesis, aws:dynamodb");
            }
        }
        if (root.has("requestContext") && (root.has("httpMethod") || root.path("requestContext").has("http"))) {
            return http(root);
        }
        if (root.has("function") && root.path("function").isTextual()) {
            String function = root.path("function").asText();
            JsonNode data = root.get("data");
            // the tree as it was read: a function binds it without writing it out and parsing it again
            return direct(function, data == null || data.isNull() ? null : JsonCloudEventData.wrap(data));
        }
        Sent event = single(root);
        Source source = root.has("detail-type") && isSchedule(root) ? Source.SCHEDULE : Source.EVENTBRIDGE;
        return new Events(source, List.of(event));
    }

    private static Direct direct(String function, CloudEventData data) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(EventIds.next()).withSource(DIRECT_SOURCE)
                .withType(function);
        if (data != null) {
            builder.withData(MediaTypes.JSON, data);
        }
        return new Direct(function, builder.build());
    }

    /**
     * The common direct invocation, read without a tree: an object of only {@code function} (a string) and
     * {@code data}, whose data is handed on as the bytes it was sent as, so a function binds it with one parse, as a
     * plain Funqy function does.
     *
     * @return the invocation, or null when the input is anything else (another shape, more fields, a field twice, not
     *         JSON): the tree reading decides those, and names what is wrong
     */
    private Direct direct(byte[] input) {
        try (JsonParser parser = mapper.getFactory().createParser(input)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String function = null;
            int dataStart = -1;
            int dataEnd = -1;
            boolean nullData = false;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("function".equals(name) && function == null && value == JsonToken.VALUE_STRING) {
                    function = parser.getText();
                } else if ("data".equals(name) && dataStart < 0) {
                    nullData = value == JsonToken.VALUE_NULL;
                    dataStart = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    parser.finishToken();
                    dataEnd = (int) parser.currentLocation().getByteOffset();
                    if (dataStart < 0 || dataEnd < dataStart) {
                        // a parser that does not count bytes (input in UTF-16 or UTF-32): the tree reads it
                        return null;
                    }
                } else {
                    return null;
                }
            }
            if (token != JsonToken.END_OBJECT || function == null || parser.nextToken() != null) {
                return null;
            }
            return direct(function, dataStart < 0 || nullData
                    ? null
                    : BytesCloudEventData.wrap(Arrays.copyOfRange(input, dataStart, dataEnd)));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * One JSON object: a CloudEvent (no sender), an EventBridge event (sent by its {@code source}) or a schedule (by
     * its rule or schedule, which is the event's source).
     */
    private Sent single(JsonNode node) {
        if (node.has("specversion")) {
            return new Sent(format.deserialize(json(node)), Credentials.none());
        }
        if (node.has("detail-type") && node.has("source")) {
            CloudEvent event = isSchedule(node) ? schedule(node) : eventBridge(node);
            return new Sent(event, deliveredBy(event.getSource().toString()));
        }
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        throw new IllegalArgumentException("Unrecognized Lambda event with top-level fields " + fields + ": Bindery "
                + "knows API Gateway (v1, v2), SQS, SNS, S3, EventBridge (and Pipes), schedules, Kinesis, DynamoDB "
                + "Streams, Amazon MSK and self-managed Kafka, CloudEvents (specversion) and {\"function\": ..., \"data\": ...}");
    }

    private static boolean isSchedule(JsonNode node) {
        String source = node.path("source").asText();
        return "Scheduled Event".equals(node.path("detail-type").asText())
                && ("aws.events".equals(source) || "aws.scheduler".equals(source));
    }

    private Batch sqs(JsonNode records) {
        boolean fifo = records.get(0).path("eventSourceARN").asText().endsWith(".fifo")
                || records.get(0).path("attributes").has("MessageGroupId");
        return batch(Source.SQS, records, r -> r.path("messageId").asText(), this::sqsMessage, fifo);
    }

    private interface Mapping {
        CloudEvent map(JsonNode record);
    }

    private interface Identifier {
        String of(JsonNode record);
    }

    private static Batch batch(Source source, JsonNode records, Identifier identifier, Mapping mapping,
            boolean stopAtFirstFailure) {
        List<Item> items = new ArrayList<>();
        for (JsonNode record : records) {
            String id = identifier.of(record);
            // the queue, stream or table: its event source mapping invoked the function, through IAM
            Credentials sender = deliveredBy(record.path("eventSourceARN"));
            try {
                items.add(new Item(id, mapping.map(record), sender, null, null));
            } catch (RuntimeException e) {
                items.add(new Item(id, null, sender, e.getClass().getSimpleName() + ": " + e.getMessage(),
                        withoutCredentials(record)));
            }
        }
        return new Batch(source, items, stopAtFirstFailure);
    }

    /**
     * @return the record as JSON for its dead letter, without the headers (Kafka) or message attributes (SQS) that
     *         carry a credential: a dead letter is read by whoever operates its destination, never by the caller
     */
    private static byte[] withoutCredentials(JsonNode record) {
        JsonNode copy = record.deepCopy();
        if (copy.path("messageAttributes") instanceof ObjectNode attributes) {
            attributes.properties().removeIf(attribute -> Credentials.carriesCredential(attribute.getKey()));
        }
        for (JsonNode header : copy.path("headers")) {
            if (header instanceof ObjectNode named) {
                named.properties().removeIf(entry -> Credentials.carriesCredential(entry.getKey()));
            }
        }
        return copy.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Credentials deliveredBy(JsonNode arn) {
        return deliveredBy(arn.asText(""));
    }

    /** @return the AWS resource that delivered an event through IAM, as its sender; none without a name */
    private static Credentials deliveredBy(String arn) {
        return arn.isEmpty()
                ? Credentials.none()
                : Credentials.verified(new Caller(Caller.Kind.PRINCIPAL, arn, Set.of()));
    }

    /** {@code eventSource} of Amazon MSK and of self-managed Kafka. */
    private static final Set<String> KAFKA_SOURCES = Set.of("aws:kafka", "SelfManagedKafka");

    /**
     * Amazon MSK or self-managed Kafka: {@code records} keyed by {@code <topic>-<partition>}, each with a base64 key
     * and value and headers as arrays of byte values. A record with {@code ce_} headers is a binary-mode CloudEvent, one
     * whose content type is {@code application/cloudevents+json} (or whose value is one) a structured one, as in the
     * CloudEvents Kafka binding; any other is wrapped as the pub/sub adapters wrap a raw record. The sender is the MSK
     * cluster's ARN; self-managed Kafka has none.
     */
    private Batch kafka(JsonNode root) {
        Credentials sender = deliveredBy(root.path("eventSourceArn"));
        List<Item> items = new ArrayList<>();
        root.path("records").fields().forEachRemaining(partition -> {
            for (JsonNode record : partition.getValue()) {
                String id = record.path("topic").asText() + "-" + record.path("partition").asText() + "-" + record
                        .path("offset").asText();
                try {
                    items.add(new Item(id, kafkaRecord(record), sender, null, null, text(record, "topic")));
                } catch (RuntimeException e) {
                    items.add(new Item(id, null, sender, e.getClass().getSimpleName() + ": " + e.getMessage(),
                            withoutCredentials(record), record.path("topic").asText(null)));
                }
            }
        });
        // a record that cannot be dead-lettered fails the invocation, and the event source mapping retries the whole
        // batch: stop there, keeping each partition's order
        return new Batch(Source.KAFKA, items, true, false);
    }

    private CloudEvent kafkaRecord(JsonNode record) {
        byte[] value = record.hasNonNull("value")
                ? Base64.getDecoder().decode(record.get("value").asText())
                : new byte[0];
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (JsonNode header : record.path("headers")) {
            header.fields().forEachRemaining(entry -> {
                byte[] bytes = new byte[entry.getValue().size()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) entry.getValue().get(i).asInt();
                }
                headers.put(entry.getKey(), bytes);
            });
        }
        Optional<CloudEvent> event = KafkaRecordReader.read(headers, value);
        if (event.isPresent()) {
            return event.get();
        }
        String topic = text(record, "topic");
        CloudEventBuilder builder = CloudEventBuilder.v1(RawEvents.wrap(topic, record.path("partition").asInt(),
                record.path("offset").asLong(), value)).withType(routing.type(Source.KAFKA, null))
                .withData(Payloads.contentType(value), value);
        if (record.hasNonNull("timestamp")) {
            builder.withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(record.get("timestamp").asLong()),
                    ZoneOffset.UTC));
        }
        if (record.hasNonNull("key")) {
            builder.withExtension("partitionkey", new String(Base64.getDecoder().decode(record.get("key").asText()),
                    StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private CloudEvent sqsMessage(JsonNode record) {
        byte[] bytes = record.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        Optional<CloudEvent> structured = Payloads.structuredEvent(bytes);
        if (structured.isPresent()) {
            return structured.get();
        }
        String id = text(record, "messageId");
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(id)
                .withSource(URI.create(record.path("eventSourceARN").asText("aws:sqs")))
                .withType(routing.type(Source.SQS, null)).withSubject(id)
                .withData(Payloads.contentType(bytes), bytes);
        JsonNode sent = record.path("attributes").get("SentTimestamp");
        if (sent != null) {
            builder.withTime(OffsetDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(sent.asText())),
                    ZoneOffset.UTC));
        }
        JsonNode count = record.path("attributes").get("ApproximateReceiveCount");
        if (count != null) {
            builder.withExtension("deliverycount", Integer.parseInt(count.asText()));
        }
        return builder.build();
    }

    private CloudEvent sns(JsonNode record) {
        JsonNode sns = record.path("Sns");
        byte[] message = sns.path("Message").asText("").getBytes(StandardCharsets.UTF_8);
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(text(sns, "MessageId"))
                .withSource(URI.create(text(sns, "TopicArn"))).withType(routing.type(Source.SNS, null))
                .withTime(OffsetDateTime.parse(text(sns, "Timestamp")))
                .withData(Payloads.contentType(message), message);
        if (sns.hasNonNull("Subject") && !sns.path("Subject").asText().isEmpty()) {
            builder.withSubject(sns.path("Subject").asText());
        }
        return builder.build();
    }

    private CloudEvent s3(JsonNode record) {
        JsonNode s3 = record.path("s3");
        String bucket = text(s3.path("bucket"), "name");
        // keys in notifications are URL-encoded, with '+' for a space
        String key = URLDecoder.decode(text(s3.path("object"), "key"), StandardCharsets.UTF_8);
        Instant time = Instant.parse(text(record, "eventTime"));
        StoredObject object = new StoredObject("s3", bucket, key, s3.path("object").path("size").asLong(-1),
                s3.path("object").path("eTag").asText(null), null, time);
        return CloudEventBuilder.v1().withId(bucket + "/" + key + "@" + object.eTag())
                .withSource(URI.create("arn:aws:s3:::" + bucket)).withType(routing.type(Source.S3, null))
                .withSubject(key).withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
                .withData("application/json", json(mapper.valueToTree(object))).build();
    }

    private CloudEvent kinesis(JsonNode record) {
        JsonNode kinesis = record.path("kinesis");
        byte[] data = Base64.getDecoder().decode(text(kinesis, "data"));
        return CloudEventBuilder.v1().withId(text(record, "eventID"))
                .withSource(URI.create(text(record, "eventSourceARN"))).withType(routing.type(Source.KINESIS, null))
                .withSubject(kinesis.path("partitionKey").asText(null))
                .withTime(epochSeconds(kinesis.path("approximateArrivalTimestamp")))
                .withExtension("partitionkey", kinesis.path("partitionKey").asText(""))
                .withData(Payloads.contentType(data), data).build();
    }

    private CloudEvent dynamodb(JsonNode record) {
        JsonNode change = record.path("dynamodb");
        ObjectNode data = mapper.createObjectNode();
        data.put("eventName", record.path("eventName").asText());
        data.set("keys", change.path("Keys"));
        if (change.has("NewImage")) {
            data.set("newImage", change.get("NewImage"));
        }
        if (change.has("OldImage")) {
            data.set("oldImage", change.get("OldImage"));
        }
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(text(record, "eventID"))
                .withSource(URI.create(text(record, "eventSourceARN"))).withType(routing.type(Source.DYNAMODB, null))
                .withSubject(record.path("eventName").asText())
                .withData("application/json", json(data));
        if (change.has("ApproximateCreationDateTime")) {
            builder.withTime(epochSeconds(change.get("ApproximateCreationDateTime")));
        }
        return builder.build();
    }

    private CloudEvent schedule(JsonNode node) {
        Instant time = Instant.parse(text(node, "time"));
        String resource = node.path("resources").path(0).asText(node.path("source").asText());
        String name = resource.contains("/") ? resource.substring(resource.lastIndexOf('/') + 1) : resource;
        CronTick tick = new CronTick(name, time, Instant.now(), null);
        return CloudEventBuilder.v1().withId(text(node, "id")).withSource(URI.create(resource))
                .withType(routing.type(Source.SCHEDULE, null)).withSubject(time.toString())
                .withTime(OffsetDateTime.ofInstant(time, ZoneOffset.UTC))
                .withData("application/json", json(mapper.valueToTree(tick))).build();
    }

    private CloudEvent eventBridge(JsonNode node) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(text(node, "id"))
                .withSource(URI.create(text(node, "source")))
                .withType(routing.type(Source.EVENTBRIDGE, text(node, "detail-type")))
                .withData("application/json", json(node.path("detail")));
        if (node.has("time")) {
            builder.withTime(OffsetDateTime.parse(node.path("time").asText()));
        }
        return builder.build();
    }

    private Http http(JsonNode root) {
        boolean v2 = "2.0".equals(root.path("version").asText());
        String method = v2
                ? root.path("requestContext").path("http").path("method").asText()
                : root.path("httpMethod").asText();
        String path = v2 ? root.path("rawPath").asText("/") : root.path("path").asText("/");
        Map<String, String> headers = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.path("headers").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> header = fields.next();
            headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue().asText());
        }
        byte[] body;
        if (root.hasNonNull("body")) {
            String text = root.path("body").asText();
            body = root.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
        } else {
            body = new byte[0];
        }
        return new Http(method, path, headers, body, v2, authorizer(root.path("requestContext")));
    }

    /**
     * @return the caller API Gateway's authorizer verified: the subject and groups of an HTTP API JWT authorizer's (or
     *         a REST API Cognito authorizer's) claims, a Lambda authorizer's principal, or the IAM caller's ARN; null
     *         without an authorizer
     */
    private static Caller authorizer(JsonNode context) {
        JsonNode authorizer = context.path("authorizer");
        JsonNode claims = authorizer.path("jwt").path("claims");
        if (!claims.isObject()) {
            claims = authorizer.path("claims");
        }
        String subject = claims.path("sub").asText("");
        if (!subject.isEmpty()) {
            Set<String> groups = new LinkedHashSet<>();
            for (String claim : GROUP_CLAIMS) {
                groups.addAll(names(claims.path(claim)));
            }
            return new Caller(Caller.Kind.JWT, subject, groups);
        }
        String principal = authorizer.path("principalId").asText(authorizer.path("lambda").path("principalId")
                .asText(""));
        if (!principal.isEmpty()) {
            return new Caller(Caller.Kind.PRINCIPAL, principal, Set.of());
        }
        String arn = authorizer.path("iam").path("userArn").asText(context.path("identity").path("userArn")
                .asText(""));
        return arn.isEmpty() ? null : new Caller(Caller.Kind.PRINCIPAL, arn, Set.of());
    }

    /** The claims whose values are the caller's groups. */
    private static final List<String> GROUP_CLAIMS = List.of("groups", "cognito:groups");

    /**
     * @return a claim's names: a JSON array, or the text API Gateway makes of an array ({@code [admins users]} on an
     *         HTTP API, {@code admins,users} on a REST API)
     */
    private static List<String> names(JsonNode claim) {
        List<String> names = new ArrayList<>();
        if (claim.isArray()) {
            claim.forEach(name -> names.add(name.asText()));
        } else if (claim.isTextual()) {
            for (String name : claim.asText().replaceAll("^\\[|\\]$", "").split("[,\\s]+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static OffsetDateTime epochSeconds(JsonNode value) {
        BigDecimal seconds = value.decimalValue();
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(whole, nanos), ZoneOffset.UTC);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("the record has no '" + field + "'");
        }
        return value.asText();
    }

    private byte[] json(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

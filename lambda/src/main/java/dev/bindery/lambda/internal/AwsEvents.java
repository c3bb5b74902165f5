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
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.rw.CloudEventRWException;

import dev.bindery.binding.CronTick;
import dev.bindery.binding.StoredObject;
import dev.bindery.lambda.internal.Routing.Source;
import dev.bindery.spi.support.EventIds;
import dev.bindery.spi.support.Payloads;

/**
 * Recognises the shape of an AWS Lambda event and maps it to CloudEvents, one per record. Dates are read as AWS writes
 * them: ISO-8601 (SNS {@code Timestamp}, S3 {@code eventTime}, EventBridge {@code time}), epoch milliseconds as text
 * (SQS {@code SentTimestamp}) and epoch seconds with a fraction (Kinesis {@code approximateArrivalTimestamp},
 * DynamoDB {@code ApproximateCreationDateTime}).
 */
public final class AwsEvents {

    /**
     * A record of a batch: its identifier for {@code batchItemFailures} and its event, or why it cannot be read and the
     * record as it came (JSON), for the dead letter.
     */
    public record Item(String identifier, CloudEvent event, String unreadable, byte[] record) {
    }

    /** What the invocation carries. */
    public sealed interface Invocation {
    }

    /** An API Gateway request (REST API v1 or HTTP API v2). */
    public record Http(String method, String path, Map<String, String> headers, byte[] body, boolean v2)
            implements
                Invocation {
    }

    /** A batch whose failures are answered per record (SQS, Kinesis, DynamoDB Streams). */
    public record Batch(Source source, List<Item> items, boolean stopAtFirstFailure) implements Invocation {
    }

    /** Events whose failure fails the invocation (SNS, S3, EventBridge, schedules, CloudEvents). */
    public record Events(Source source, List<CloudEvent> events) implements Invocation {
    }

    /** A direct invocation naming a function: {@code {"function": "greet", "data": {...}}}. */
    public record Direct(String function, CloudEvent event) implements Invocation {
    }

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
            List<CloudEvent> events = new ArrayList<>();
            for (JsonNode element : root) {
                events.addAll(single(element));
            }
            return new Events(Source.EVENTBRIDGE, events);
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
                    return new Events(Source.SNS, map(records, this::sns));
                case "aws:s3" :
                    List<CloudEvent> objects = new ArrayList<>();
                    for (JsonNode record : records) {
                        if (record.path("eventName").asText().startsWith("ObjectCreated:")) {
                            objects.add(s3(record));
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
            CloudEventBuilder builder = CloudEventBuilder.v1().withId(EventIds.next())
                    .withSource(URI.create("/lambda")).withType(function);
            JsonNode data = root.get("data");
            if (data != null && !data.isNull()) {
                builder.withData("application/json", json(data));
            }
            return new Direct(function, builder.build());
        }
        List<CloudEvent> events = single(root);
        Source source = root.has("detail-type") && isSchedule(root) ? Source.SCHEDULE : Source.EVENTBRIDGE;
        return new Events(source, events);
    }

    /** One JSON object: a CloudEvent, an EventBridge event or a schedule. */
    private List<CloudEvent> single(JsonNode node) {
        if (node.has("specversion")) {
            return List.of(format.deserialize(json(node)));
        }
        if (node.has("detail-type") && node.has("source")) {
            return List.of(isSchedule(node) ? schedule(node) : eventBridge(node));
        }
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        throw new IllegalArgumentException("Unrecognized Lambda event with top-level fields " + fields + ": Bindery "
                + "knows API Gateway (v1, v2), SQS, SNS, S3, EventBridge (and Pipes), schedules, Kinesis, DynamoDB "
                + "Streams, CloudEvents (specversion) and {\"function\": ..., \"data\": ...}");
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
            try {
                items.add(new Item(id, mapping.map(record), null, null));
            } catch (RuntimeException e) {
                items.add(new Item(id, null, e.getClass().getSimpleName() + ": " + e.getMessage(),
                        record.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
        return new Batch(source, items, stopAtFirstFailure);
    }

    private static List<CloudEvent> map(JsonNode records, Mapping mapping) {
        List<CloudEvent> events = new ArrayList<>();
        for (JsonNode record : records) {
            events.add(mapping.map(record));
        }
        return events;
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
        return new Http(method, path, headers, body, v2);
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

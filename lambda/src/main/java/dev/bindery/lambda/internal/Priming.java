package dev.bindery.lambda.internal;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;

/**
 * Warms what every invocation runs before a SnapStart snapshot: each event shape's mapping, the CloudEvents codecs,
 * routing and the dispatcher. It calls no function: the priming event matches none, so nothing is written or sent.
 */
public final class Priming {

    private static final System.Logger LOG = System.getLogger(Priming.class.getName());

    /** One small event of each shape. */
    private static final List<String> SHAPES = List.of(
            "{\"Records\":[{\"eventSource\":\"aws:sqs\",\"messageId\":\"p\",\"body\":\"{}\",\"eventSourceARN\":"
                    + "\"arn:aws:sqs:us-east-1:1:p\",\"attributes\":{\"SentTimestamp\":\"1700000000000\"}}]}",
            "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"MessageId\":\"p\",\"TopicArn\":"
                    + "\"arn:aws:sns:us-east-1:1:p\",\"Timestamp\":\"2026-01-01T00:00:00.000Z\",\"Message\":\"{}\"}}]}",
            "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"eventTime\":"
                    + "\"2026-01-01T00:00:00.000Z\",\"s3\":{\"bucket\":{\"name\":\"p\"},\"object\":{\"key\":\"a+b\","
                    + "\"size\":1,\"eTag\":\"e\"}}}]}",
            "{\"version\":\"0\",\"id\":\"p\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":"
                    + "\"2026-01-01T00:00:00Z\",\"resources\":[\"arn:aws:events:us-east-1:1:rule/p\"],\"detail\":{}}",
            "{\"version\":\"2.0\",\"rawPath\":\"/\",\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"headers\":{}}");

    private final Dispatcher dispatcher;
    private final AwsEvents events;
    private final JsonFormat format = new JsonFormat();

    public Priming(Dispatcher dispatcher, ObjectMapper mapper, Routing routing) {
        this.dispatcher = dispatcher;
        this.events = new AwsEvents(mapper, routing);
    }

    public void prime() {
        long start = System.nanoTime();
        for (String shape : SHAPES) {
            events.read(shape.getBytes(StandardCharsets.UTF_8));
        }
        CloudEvent probe = CloudEventBuilder.v1().withId("priming").withSource(URI.create("/bindery/priming"))
                .withType("dev.bindery.lambda.priming").withData("application/json", "{}".getBytes(
                        StandardCharsets.UTF_8))
                .build();
        format.deserialize(format.serialize(probe));
        // no function matches the priming event: routing runs, nothing is invoked
        dispatcher.dispatch(probe, DispatchRequest.LAMBDA).toCompletableFuture().join();
        LOG.log(Level.INFO, "Primed the Lambda dispatch path in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}

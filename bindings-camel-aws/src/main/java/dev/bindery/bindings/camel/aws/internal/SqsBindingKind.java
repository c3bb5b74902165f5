package dev.bindery.bindings.camel.aws.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Endpoint;
import org.apache.camel.Message;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;

import dev.bindery.binding.BindingResponse;
import dev.bindery.bindings.camel.kind.BindingEvents;
import dev.bindery.bindings.camel.kind.BindingLag;
import dev.bindery.bindings.camel.kind.BindingOption;
import dev.bindery.bindings.camel.kind.BindingOptions;
import dev.bindery.bindings.camel.kind.CamelBinding;
import dev.bindery.bindings.camel.kind.CamelBindingKind;
import dev.bindery.bindings.camel.kind.EndpointUris;
import dev.bindery.bindings.camel.kind.MessageReader;
import dev.bindery.bindings.camel.kind.OutputCall;

/**
 * {@code sqs=<queue>}: each message of an SQS queue triggers the function and is deleted after success; with
 * {@code notifications=s3} the messages are S3 event notifications, each created object an event. Output:
 * {@code create} sends a message, metadata as message attributes. Its lag is the queue's approximate visible plus
 * in-flight messages.
 */
public final class SqsBindingKind implements CamelBindingKind {

    /** What the messages are: {@code s3} for S3 event notifications, one event per created object. */
    static final BindingOption<Boolean> NOTIFICATIONS = BindingOption.of("notifications", null, value -> {
        if (!value.equals("s3")) {
            throw new IllegalArgumentException("the one value known is 's3'");
        }
        return true;
    });

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public List<BindingOption<?>> options() {
        List<BindingOption<?>> options = new ArrayList<>(AwsEndpoint.OPTIONS);
        options.add(NOTIFICATIONS);
        return options;
    }

    @Override
    public CamelBinding parse(BindingOptions options) {
        return new Queue(options.target(), AwsEndpoint.of(options, "aws2-sqs", "queueNameOrArn", false), options
                .find(NOTIFICATIONS).orElse(false));
    }

    /** An SQS queue. */
    private record Queue(String queue, AwsEndpoint endpoint, boolean notifications) implements CamelBinding {

        @Override
        public String eventType() {
            return notifications ? BindingEvents.OBJECT_CREATED : BindingEvents.QUEUE_MESSAGE;
        }

        @Override
        public String inputUri(EndpointUris uris) {
            // up to 10 messages a receive (SQS's most), and the next receive at once while the queue has more: one
            // message per half-second poll (Camel's defaults) would cap a binding at 2 messages a second
            return endpoint.uri(uris, Map.of("deleteAfterRead", true, "attributeNames", "All",
                    "messageAttributeNames", "All", "waitTimeSeconds", 1, "maxMessagesPerPoll", 10, "greedy", true));
        }

        @Override
        public String outputUri(EndpointUris uris) {
            return endpoint.uri(uris, Map.of());
        }

        @Override
        public MessageReader reader(BindingEvents events) {
            if (notifications) {
                return new S3Notifications(events);
            }
            return exchange -> {
                Message message = exchange.getMessage();
                return List.of(events.message(message, message.getHeader(Sqs2Constants.MESSAGE_ID, String.class),
                        event -> {
                            if (message.getHeader(Sqs2Constants.ATTRIBUTES) instanceof Map<?, ?> attributes) {
                                attributes.forEach((name, value) -> {
                                    if (String.valueOf(name).endsWith("ApproximateReceiveCount")) {
                                        event.withExtension("deliverycount", Integer.parseInt(String.valueOf(
                                                value)));
                                    }
                                });
                            }
                        }));
            };
        }

        @Override
        public BindingResponse invoke(OutputCall call) {
            if (!call.is("send", "create")) {
                throw call.unknown("create (send)");
            }
            Message sent = call.send(call.payload(OutputCall.Body.TEXT), call::headers);
            String id = sent.getHeader(Sqs2Constants.MESSAGE_ID, String.class);
            return BindingResponse.of(null, id == null ? Map.of() : Map.of("message-id", id));
        }

        @Override
        public Optional<BindingLag> lag(Endpoint input) {
            return input instanceof Sqs2Endpoint sqs
                    ? Optional.of(new SqsLag(sqs.getClient(), queue))
                    : Optional.empty();
        }
    }
}

package dev.bindery.bindings.camel.aws.internal;

import java.util.Map;

import dev.bindery.bindings.camel.kind.BindingLag;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An SQS queue's lag: its approximate visible plus in-flight messages (GetQueueAttributes). */
final class SqsLag extends BindingLag {

    private final SqsClient client;
    private final String queue;
    private String queueUrl;

    /** @param queue the queue's name or URL */
    SqsLag(SqsClient client, String queue) {
        this.client = client;
        this.queue = queue;
    }

    @Override
    protected long ask() {
        if (queueUrl == null) {
            queueUrl = queue.startsWith("https://") || queue.startsWith("http://")
                    ? queue
                    : client.getQueueUrl(r -> r.queueName(queue)).queueUrl();
        }
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                + Long.parseLong(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        "0"));
    }
}

package dev.bindery.bindings.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.RegisterExtension;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The transport conformance contract on an SQS input binding, against ElasticMQ started in-process: each canonical
 * event is sent as a structured-mode message body, which the binding reads back as that event.
 */
class SqsBindingConformanceTest extends BindingConformance {

    private static final AtomicInteger QUEUES = new AtomicInteger();
    private static final JsonFormat FORMAT = new JsonFormat();
    @RegisterExtension
    static final ElasticMq elasticMq = new ElasticMq();

    private final String queue = "conformance" + QUEUES.incrementAndGet();
    private final List<CloudEvent> deadLetters = new ArrayList<>();

    private String[] options(String name) {
        elasticMq.sqs.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                "1")));
        return new String[]{"sqs", name, "endpoint", elasticMq.endpoint, "access-key", "x", "secret-key", "x"};
    }

    @Override
    String[] input() {
        return options(queue);
    }

    @Override
    String[] deadLetters() {
        return options(queue + "-dlq");
    }

    @Override
    void send(CloudEvent event) {
        elasticMq.sqs.sendMessage(b -> b.queueUrl(elasticMq.url(queue)).messageBody(new String(FORMAT.serialize(
                event), java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    List<CloudEvent> deadLettersSoFar() {
        String url = elasticMq.url(queue + "-dlq");
        for (Message message : elasticMq.sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages()) {
            deadLetters.add(FORMAT.deserialize(message.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            elasticMq.sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
        }
        return deadLetters;
    }
}

package dev.bindery.bindings.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The queue contract on SQS, against ElasticMQ started in-process. */
class SqsBindingTest extends QueueBindingContract {

    @RegisterExtension
    static final ElasticMq elasticMq = new ElasticMq();

    @Override
    String newQueue() throws Exception {
        String queue = super.newQueue();
        elasticMq.sqs.createQueue(b -> b.queueName(queue).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
        return queue;
    }

    @Override
    String[] options(String queue) {
        return new String[]{"sqs", queue, "endpoint", elasticMq.endpoint, "access-key", "x", "secret-key", "x"};
    }

    @Override
    void send(String queue, String body) {
        elasticMq.sqs.sendMessage(b -> b.queueUrl(url(queue)).messageBody(body));
    }

    @Override
    List<String> receive(String queue, int expected) throws Exception {
        List<String> bodies = new ArrayList<>();
        TestHost.await(expected + " messages on " + queue, () -> {
            for (Message message : elasticMq.sqs.receiveMessage(b -> b.queueUrl(url(queue)).waitTimeSeconds(1)
                    .maxNumberOfMessages(10)).messages()) {
                bodies.add(message.body());
                elasticMq.sqs.deleteMessage(b -> b.queueUrl(url(queue)).receiptHandle(message.receiptHandle()));
            }
            return bodies.size() >= expected;
        });
        return bodies;
    }

    @Override
    long unacknowledged(String queue) {
        return elasticMq.messagesIn(queue);
    }

    private static String url(String queue) {
        return elasticMq.url(queue);
    }

    @Override
    String scheme() {
        return "aws2-sqs";
    }
}

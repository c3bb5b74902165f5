package dev.bindery.bindings.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The queue contract on SQS, against ElasticMQ started in-process. */
class SqsBindingTest extends QueueBindingContract {

    static ElasticMq elasticMq;
    static SqsClient sqs;

    @BeforeAll
    static void startElasticMq() {
        elasticMq = ElasticMq.start();
        sqs = elasticMq.sqs;
    }

    @AfterAll
    static void stopElasticMq() {
        elasticMq.close();
    }

    @Override
    String newQueue() throws Exception {
        String queue = super.newQueue();
        sqs.createQueue(b -> b.queueName(queue).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
        return queue;
    }

    @Override
    String[] options(String queue) {
        return new String[]{"sqs", queue, "endpoint", elasticMq.endpoint, "access-key", "x", "secret-key", "x"};
    }

    @Override
    void send(String queue, String body) {
        sqs.sendMessage(b -> b.queueUrl(url(queue)).messageBody(body));
    }

    @Override
    List<String> receive(String queue, int expected) throws Exception {
        List<String> bodies = new ArrayList<>();
        TestHost.await(expected + " messages on " + queue, () -> {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(url(queue)).waitTimeSeconds(1)
                    .maxNumberOfMessages(10)).messages()) {
                bodies.add(message.body());
                sqs.deleteMessage(b -> b.queueUrl(url(queue)).receiptHandle(message.receiptHandle()));
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

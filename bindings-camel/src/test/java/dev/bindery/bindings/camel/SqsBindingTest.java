package dev.bindery.bindings.camel;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The queue contract on SQS, against ElasticMQ started in-process. */
class SqsBindingTest extends QueueBindingContract {

    static SQSRestServer server;
    static SqsClient sqs;
    static String endpoint;

    @BeforeAll
    static void startElasticMq() {
        server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        sqs = client(endpoint);
    }

    static SqsClient client(String endpoint) {
        return SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    @AfterAll
    static void stopElasticMq() {
        sqs.close();
        server.stopAndWait();
    }

    @Override
    String newQueue() throws Exception {
        String queue = super.newQueue();
        sqs.createQueue(b -> b.queueName(queue).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")));
        return queue;
    }

    @Override
    String[] options(String queue) {
        return new String[]{"sqs", queue, "endpoint", endpoint, "access-key", "x", "secret-key", "x"};
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
        return messagesIn(sqs, url(queue));
    }

    /** @return the messages in the queue, visible or in flight (received, not deleted) */
    static long messagesIn(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static String url(String queue) {
        return sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    @Override
    String scheme() {
        return "aws2-sqs";
    }
}

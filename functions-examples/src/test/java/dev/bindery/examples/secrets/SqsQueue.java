package dev.bindery.examples.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ (an SQS server) started in-process, behind a {@link RecordingProxy}, and an SQS binding {@code jobs} on
 * its queue through the proxy, triggering {@code sqsJob}, whose keys are references to the {@code env} store
 * ({@code BINDERY_TEST_SQS_ACCESS_KEY} and {@code BINDERY_TEST_SQS_SECRET_KEY}, which Surefire gives the test JVM). The
 * application's log also goes to a file, which the test reads.
 */
public class SqsQueue implements QuarkusTestResourceLifecycleManager {

    static final String QUEUE = "jobs";
    static final Path AUTHORIZATIONS = Path.of("target", "sqs-proxy", "authorizations.txt");
    static final Path LOG = Path.of("target", "sqs-proxy", "application.log");
    /** The test's own client reaches ElasticMQ directly, not through the proxy. */
    static final String DIRECT_ENDPOINT = "examples.test.sqs-endpoint";

    private SQSRestServer server;
    private RecordingProxy proxy;

    @Override
    public Map<String, String> start() {
        server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        int port = server.waitUntilStarted().localAddress().getPort();
        try (SqsClient sqs = client("http://127.0.0.1:" + port)) {
            sqs.createQueue(queue -> queue.queueName(QUEUE));
        }
        try {
            proxy = new RecordingProxy(port, AUTHORIZATIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry(DIRECT_ENDPOINT, "http://127.0.0.1:" + port),
                Map.entry("bindery.secrets.env.type", "env"),
                Map.entry("bindery.secrets.env.prefix", "BINDERY_TEST_"),
                Map.entry("bindery.bindings.jobs.sqs", QUEUE),
                Map.entry("bindery.bindings.jobs.endpoint", "http://127.0.0.1:" + proxy.port()),
                Map.entry("bindery.bindings.jobs.access-key", "${secret:env/SQS_ACCESS_KEY}"),
                Map.entry("bindery.bindings.jobs.secret-key", "${secret:env/SQS_SECRET_KEY}"),
                Map.entry("bindery.functions.sqsJob.binding", "jobs"),
                Map.entry("quarkus.log.file.enabled", "true"),
                Map.entry("quarkus.log.file.path", LOG.toString()),
                Map.entry("quarkus.log.file.rotation.rotate-on-boot", "false"));
    }

    /** @return a client of the test's own, with keys of its own, straight to the server */
    public static SqsClient client(String endpoint) {
        return SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test-client",
                        "test-client")))
                .build();
    }

    /** @return the messages on the queue, visible and in flight */
    public static long messagesIn(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server.stopAndWait();
        }
    }
}

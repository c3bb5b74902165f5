package dev.bindery.examples.security;

import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.bindery.examples.secrets.SqsQueue;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Security on, with SQS input bindings on ElasticMQ (started in-process): {@code allowed-jobs} triggers
 * {@code allowedJob}, {@code denied-jobs} triggers {@code deniedJob}, both dead-letter to the queue of the output
 * binding {@code jobs-dlq}. The API token {@code caller-a} may run the first, not the second
 * ({@code default-action=deny}); the application itself may run what its schedules trigger ({@code security-ticks}
 * triggers {@code scheduledJob}).
 */
public class SqsSecuritySetup implements QuarkusTestResourceLifecycleManager {

    static final String CALLER_A = "caller-a-sqs-token-8c41d2";
    static final String ALLOWED = "allowed-jobs";
    static final String DENIED = "denied-jobs";
    static final String DEAD_LETTERS = "jobs-dlq";
    /** The test's own client reaches ElasticMQ with this endpoint. */
    static final String ENDPOINT = "examples.test.sqs-security-endpoint";

    private SQSRestServer server;

    @Override
    public Map<String, String> start() {
        server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").start();
        String endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        try (SqsClient sqs = SqsQueue.client(endpoint)) {
            for (String queue : new String[]{ALLOWED, DENIED, DEAD_LETTERS}) {
                sqs.createQueue(request -> request.queueName(queue));
            }
        }
        Map<String, String> config = new java.util.HashMap<>(Map.ofEntries(
                Map.entry(ENDPOINT, endpoint),
                Map.entry("bindery.security.enabled", "true"),
                Map.entry("bindery.security.tokens.caller-a.value", CALLER_A),
                Map.entry("bindery.access.default-action", "deny"),
                Map.entry("bindery.access.policies.caller-a.functions.allowedJob", "allow"),
                Map.entry("bindery.access.policies.caller-a.functions.deniedJob", "deny"),
                // the application's own schedules (caller app:bindery-examples)
                Map.entry("bindery.access.policies.bindery-examples.functions.\"*\"", "allow"),
                Map.entry("bindery.bindings.security-ticks.cron", "@every 200ms"),
                Map.entry("bindery.functions.scheduledJob.binding", "security-ticks"),
                Map.entry("bindery.functions.allowedJob.binding", ALLOWED),
                Map.entry("bindery.functions.deniedJob.binding", DENIED)));
        for (String binding : new String[]{ALLOWED, DENIED, DEAD_LETTERS}) {
            config.put("bindery.bindings." + binding + ".sqs", binding);
            config.put("bindery.bindings." + binding + ".endpoint", endpoint);
            config.put("bindery.bindings." + binding + ".access-key", "sqs-security-test");
            config.put("bindery.bindings." + binding + ".secret-key", "sqs-security-test");
        }
        for (String input : new String[]{ALLOWED, DENIED}) {
            config.put("bindery.bindings." + input + ".dead-letter", DEAD_LETTERS);
            config.put("bindery.bindings." + input + ".retry-initial-delay", "50ms");
        }
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stopAndWait();
        }
    }
}

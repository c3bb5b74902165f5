package dev.bindery.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;

import dev.bindery.function.EventContext;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.security.AccessPolicy;
import dev.bindery.internal.security.ApiTokens;
import dev.bindery.internal.security.SecurityStage;
import dev.bindery.lambda.internal.LambdaInvocations;
import dev.bindery.lambda.internal.Routing;
import dev.bindery.security.Caller;
import dev.bindery.testing.TestEvents;

/**
 * The security stage on Lambda events, with security on ({@code default-action=deny}): the caller an API Gateway
 * authorizer verified (JWT claims, a Lambda authorizer's principal, IAM) reaches the function, and without an
 * authorizer the request's headers are read as on HTTP; a record of an SQS queue is from the queue's ARN, so a policy
 * naming the queue decides, and a denied record goes to the dead letter with the reason (or is reported failed
 * without a dead-letter sink). The sample events are under {@code events/aws/}; the dispatcher, stage and policy are
 * the host's own.
 */
class LambdaSecurityTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:greetings";
    private static final String IAM_USER = "arn:aws:iam::123456789012:user/ci";

    /** The functions: each records who the stage says sent its event. */
    public static final class Functions {
        /** Every run, as {@code <function> <authid>}. */
        final List<String> runs = new CopyOnWriteArrayList<>();

        /** The data of every event. */
        public record Greeting(String name) {
        }

        public String whoAmI(Greeting greeting, EventContext context) {
            return ran("whoAmI", context);
        }

        public String audit(Greeting greeting, EventContext context) {
            return ran("audit", context);
        }

        public void record(Greeting greeting, EventContext context) {
            ran("record", context);
        }

        private String ran(String function, EventContext context) {
            String caller = context.caller().map(Caller::authId).orElse("nobody");
            runs.add(function + " " + caller);
            return caller;
        }
    }

    private final Functions functions = new Functions();
    private final List<String> denials = new CopyOnWriteArrayList<>();
    private final List<CloudEvent> deadLetters = new ArrayList<>();
    private final FunctionDispatcher dispatcher = dispatcher();

    private FunctionDispatcher dispatcher() {
        ApiTokens tokens = new ApiTokens(Clock.systemUTC());
        tokens.replace(List.of(new ApiTokens.Token("ci", "ci-token-3f9a", null)));
        AccessPolicy policy = new AccessPolicy(false, Map.of(
                // alice is in the JWT's cognito:groups admins
                "admins", policy("whoAmI", true),
                "user|a1b2", policy("whoAmI", true),
                IAM_USER, policy("whoAmI", true),
                "ci", policy("whoAmI", true),
                QUEUE, new AccessPolicy.Policy(List.of(new AccessPolicy.Rule("record", true),
                        new AccessPolicy.Rule("audit", false)), List.of(), Set.of())));
        SecurityStage stage = new SecurityStage(true, List.of(tokens), policy,
                (outcome, request, caller, why) -> denials.add(outcome.function().orElse("?") + " " + (caller == null
                        ? "unauthenticated"
                        : caller.authId())));
        List<FunctionDefinition> definitions = new ArrayList<>();
        for (String name : List.of("whoAmI", "audit", "record")) {
            definitions.add(FunctionDefinition.builder(name, method(name)).target(() -> functions).build());
        }
        return new FunctionDispatcher(definitions, MAPPER, Map.of(), List.of(stage));
    }

    private static AccessPolicy.Policy policy(String function, boolean allow) {
        return new AccessPolicy.Policy(List.of(new AccessPolicy.Rule(function, allow)), List.of(), Set.of());
    }

    private static Method method(String name) {
        return Methods.named(Functions.class, name);
    }

    private JsonNode invoke(byte[] event, Map<String, String> routing) throws Exception {
        LambdaInvocations lambda = new LambdaInvocations(dispatcher, MAPPER, new Routing(routing), deadLetters::add);
        return MAPPER.readTree(lambda.handle(event));
    }

    private JsonNode apiGateway(String sample) throws Exception {
        return invoke(TestEvents.bytes("aws/" + sample), Map.of());
    }

    @Test
    void theSubjectAndGroupsOfAJwtAuthorizerAreTheCaller() throws Exception {
        JsonNode response = apiGateway("apigw-v2-jwt-authorizer.json");

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("body").asText()).isEqualTo("\"jwt:alice\"");
        assertThat(functions.runs).containsExactly("whoAmI jwt:alice");
    }

    @Test
    void aLambdaAuthorizersPrincipalAndAnIamCallerAreTheCaller() throws Exception {
        assertThat(apiGateway("apigw-v1-lambda-authorizer.json").path("body").asText())
                .isEqualTo("\"principal:user|a1b2\"");
        assertThat(apiGateway("apigw-v2-iam-authorizer.json").path("body").asText())
                .isEqualTo("\"principal:" + IAM_USER + "\"");
        assertThat(apiGateway("apigw-v1-iam.json").path("body").asText()).isEqualTo("\"principal:" + IAM_USER + "\"");
    }

    @Test
    void aCallerThePolicyDeniesGets403NamingNoFunction() throws Exception {
        ObjectNode event = (ObjectNode) MAPPER.readTree(TestEvents.bytes("aws/apigw-v2-jwt-authorizer.json"));
        event.put("rawPath", "/audit");

        JsonNode response = invoke(MAPPER.writeValueAsBytes(event), Map.of());

        assertThat(response.path("statusCode").asInt()).isEqualTo(403);
        assertThat(response.path("body").asText()).doesNotContain("audit");
        assertThat(functions.runs).isEmpty();
        assertThat(denials).containsExactly("audit jwt:alice");
    }

    @Test
    void withoutAnAuthorizerTheHeadersAreReadAsOnHttp() throws Exception {
        ObjectNode event = (ObjectNode) MAPPER.readTree(TestEvents.bytes("aws/apigw-v2-iam-authorizer.json"));
        ((ObjectNode) event.path("requestContext")).remove("authorizer");
        byte[] anonymous = MAPPER.writeValueAsBytes(event);
        ((ObjectNode) event.path("headers")).put("Bindery-Api-Token", "ci-token-3f9a");

        JsonNode withToken = invoke(MAPPER.writeValueAsBytes(event), Map.of());
        JsonNode without = invoke(anonymous, Map.of());

        assertThat(withToken.path("body").asText()).isEqualTo("\"token:ci\"");
        assertThat(without.path("statusCode").asInt()).isEqualTo(401);
        assertThat(without.path("headers").path("www-authenticate").asText()).startsWith("Bearer");
    }

    @Test
    void anSqsRecordIsFromItsQueueAndOneThePolicyDeniesIsDeadLetteredWithTheReason() throws Exception {
        JsonNode allowed = invoke(firstSqsRecord(), Map.of("sqs.function", "record"));
        JsonNode denied = invoke(firstSqsRecord(), Map.of("sqs.function", "audit"));

        assertThat(allowed.path("batchItemFailures")).isEmpty();
        assertThat(functions.runs).containsExactly("record principal:" + QUEUE);
        assertThat(denied.path("batchItemFailures")).as("dead-lettered, so acknowledged").isEmpty();
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).getExtension("dlqreason")).isEqualTo("The caller is not allowed to do this");
        assertThat(deadLetters.get(0).getExtension("dlqorigin")).isEqualTo("lambda:sqs#"
                + "059f36b4-87a3-44ab-83d2-661975830a7d");
        assertThat(denials).containsExactly("audit principal:" + QUEUE);
    }

    @Test
    void withoutADeadLetterSinkADeniedRecordIsReportedFailed() throws Exception {
        LambdaInvocations lambda = new LambdaInvocations(dispatcher, MAPPER, new Routing(Map.of("sqs.function",
                "audit")));

        JsonNode response = MAPPER.readTree(lambda.handle(firstSqsRecord()));

        assertThat(response.path("batchItemFailures").findValuesAsText("itemIdentifier"))
                .containsExactly("059f36b4-87a3-44ab-83d2-661975830a7d");
        assertThat(functions.runs).isEmpty();
    }

    /** @return {@code sqs-batch.json} with its first record only, {@code {"name":"Ada"}} from the greetings queue */
    private static byte[] firstSqsRecord() throws Exception {
        ObjectNode batch = (ObjectNode) MAPPER.readTree(TestEvents.bytes("aws/sqs-batch.json"));
        JsonNode first = batch.path("Records").get(0);
        ((ArrayNode) batch.path("Records")).removeAll().add(first);
        return MAPPER.writeValueAsBytes(batch);
    }
}

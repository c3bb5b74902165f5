package dev.bindery.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

import dev.bindery.lambda.internal.LambdaInvocations;
import dev.bindery.lambda.internal.Routing;
import dev.bindery.testing.TestEvents;
import dev.bindery.testing.TransportContract;

/**
 * The transport conformance contract on API Gateway events: each canonical event is the structured-mode body of the
 * REST API request in {@code events/aws/apigw-v1-structured.json}, handled by {@link LambdaInvocations} as Lambda
 * would invoke it. API Gateway answers the client with the status; the client is the sender that retries.
 */
class LambdaApiGatewayConformanceTest extends TransportContract {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat FORMAT = new JsonFormat();

    private final LambdaInvocations lambda = new LambdaInvocations(dispatcher(), MAPPER, new Routing(Map.of()));

    @Override
    protected boolean carriesReplies() {
        return true;
    }

    @Override
    protected Observation deliver(Case c, CloudEvent event) throws Exception {
        ObjectNode request = (ObjectNode) MAPPER.readTree(TestEvents.bytes("aws/apigw-v1-structured.json"));
        request.put("body", new String(FORMAT.serialize(event), StandardCharsets.UTF_8));

        JsonNode response = MAPPER.readTree(lambda.handle(MAPPER.writeValueAsBytes(request)));

        int status = response.path("statusCode").asInt();
        String body = response.path("body").asText();
        if (status == 200) {
            return Observation.http(status, null, null, FORMAT.deserialize(body.getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode problem = body.isEmpty() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
        return Observation.http(status, problem.path("detail").asText(null), problem.path("attribute").asText(null),
                null);
    }
}

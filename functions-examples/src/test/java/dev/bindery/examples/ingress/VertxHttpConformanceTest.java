package dev.bindery.examples.ingress;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.cloudevents.CloudEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import dev.bindery.examples.CloudEventsHttp;
import dev.bindery.testing.ConformanceFunctions;
import dev.bindery.testing.TransportContract;

/**
 * The transport conformance contract on the application's real HTTP ingress (Vert.x), its own dispatcher and stages:
 * each canonical event is POSTed in binary mode, as Knative's broker delivers, to {@link HostedConformanceFunctions}.
 * The test is the sender that delivers a failed event again.
 */
@QuarkusTest
@TestProfile(VertxHttpConformanceTest.IdempotentOnce.class)
class VertxHttpConformanceTest extends TransportContract {

    /** The idempotency stage on for the duplicate case's function, as an application configures it. */
    public static class IdempotentOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bindery.functions." + Case.DUPLICATE.function() + ".idempotency", "true");
        }
    }

    @TestHTTPResource("/")
    URL root;

    private CloudEventsHttp http;

    @BeforeEach
    void connect() throws Exception {
        http = new CloudEventsHttp(root.toURI());
    }

    @AfterEach
    void disconnect() {
        http.close();
    }

    @Override
    protected ConformanceFunctions functions() {
        return HostedConformanceFunctions.FUNCTIONS;
    }

    @Override
    protected boolean carriesReplies() {
        return true;
    }

    @Override
    protected Observation deliver(Case c, CloudEvent event) {
        HttpResponse<Buffer> response = http.binary(event);
        if (response.statusCode() == 200) {
            return Observation.http(200, null, null, CloudEventsHttp.reply(response));
        }
        JsonObject problem = response.body() == null ? new JsonObject() : response.bodyAsJsonObject();
        return Observation.http(response.statusCode(), problem.getString("detail"), problem.getString("attribute"),
                null);
    }
}

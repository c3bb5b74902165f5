package dev.bindery.examples.actors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.bindery.runtime.internal.HttpActorForwarder;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;

/** With security on, every path of the actor API needs a credential; with one, the calls go through. */
@QuarkusTest
@TestProfile(SecuredActorsTest.Secured.class)
class SecuredActorsTest {

    static final String TOKEN = "actors-token-5c1e7a";

    /** Security on with one API token allowed every function. */
    public static class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bindery.security.enabled", "true", "bindery.security.tokens.ops.value", TOKEN,
                    "bindery.access.default-action", "deny",
                    "bindery.access.policies.ops.functions.\"Counter.*\"", "allow");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    HttpActorForwarder forwarder;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("content-type",
                "application/json").method(method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("dapr-api-token", token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Call(String method, String path, String body) {
    }

    @Test
    void everyActorPathNeedsACredential() throws Exception {
        String actor = "v1.0/actors/Counter/s-" + UUID.randomUUID();
        List<Call> calls = List.of(new Call("POST", actor + "/method/increment", "1"),
                new Call("GET", actor + "/method/get", null),
                new Call("PUT", actor + "/state", "[{\"operation\":\"upsert\",\"request\":{\"key\":\"a\",\"value\":1}}]"),
                new Call("GET", actor + "/state/a", null),
                new Call("POST", actor + "/reminders/r", "{\"dueTime\":\"1h\",\"callback\":\"tick\"}"),
                new Call("GET", actor + "/reminders/r", null),
                new Call("GET", actor + "/reminders", null),
                new Call("DELETE", actor + "/reminders/r", null),
                new Call("POST", actor + "/timers/t", "{\"dueTime\":\"1h\",\"callback\":\"tick\"}"),
                new Call("DELETE", actor + "/timers/t", null));
        for (Call call : calls) {
            HttpResponse<String> refused = send(call.method, call.path, call.body, null);
            assertThat(refused.statusCode()).as(call.method + " " + call.path).isEqualTo(401);
            assertThat(refused.headers().firstValue("content-type")).hasValue("application/problem+json");
            HttpResponse<String> wrong = send(call.method, call.path, call.body, "not-the-token");
            assertThat(wrong.statusCode()).as(call.method + " " + call.path).isEqualTo(401);
            HttpResponse<String> allowed = send(call.method, call.path, call.body, TOKEN);
            assertThat(allowed.statusCode()).as(call.method + " " + call.path + ": " + allowed.body()).isBetween(200,
                    204);
        }
    }

    /** A call forwarded to the member that owns the actor, as the given caller sent it (here this member is the owner). */
    private Outcome forwarded(Credentials caller) throws Exception {
        CloudEvent call = CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("/secured-forward")).withType("Counter.increment")
                .withExtension("actortype", "Counter").withExtension("actorid", "f-" + UUID.randomUUID())
                .withExtension("actormethod", "increment")
                .withData("application/json", "1".getBytes(StandardCharsets.UTF_8)).build();
        DispatchRequest request = new DispatchRequest(call, new DispatchRequest.Function("Counter.increment"),
                DispatchRequest.HTTP, caller);
        return forwarder.forward(base.toString(), request, 0).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aForwardedCallCarriesTheCallersOwnTokenSoTheOwnerChecksTheCaller() throws Exception {
        assertThat(forwarded(new Credentials.Token(TOKEN, Credentials.DAPR_API_TOKEN))).isInstanceOf(
                Outcome.Replied.class);
        assertThat(forwarded(new Credentials.Token(TOKEN, Credentials.AUTHORIZATION))).isInstanceOf(
                Outcome.Replied.class);
        assertThat(forwarded(new Credentials.Token("not-the-token", Credentials.API_TOKEN)))
                .isInstanceOfSatisfying(Outcome.Denied.class, denied -> assertThat(denied.unauthenticated()).isTrue());
    }
}

package dev.bindery.spi.support;

import static dev.bindery.internal.invoke.SampleFunctions.function;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.security.AccessPolicy;
import dev.bindery.internal.security.ApiTokens;
import dev.bindery.internal.security.SecurityStage;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;

/**
 * Fuzzes the credential headers of a request: whatever the {@code Authorization}, {@code bindery-api-token} and
 * {@code dapr-api-token} headers hold, reading them never throws and a malformed one is described by one of a fixed set
 * of problems (never by what was presented); and the HTTP exchange, with security on, answers below 500, challenges
 * every 401, and runs a function only for the one valid token, and only the function its policy allows (an empty
 * batch, which dispatches nothing, is answered 202 without a credential). An input is read as in
 * {@link HttpExchangeFuzzTest#request}; seeds and crashers live in
 * {@code src/test/resources/dev/bindery/spi/support/CredentialsFuzzTestInputs/}.
 */
class CredentialsFuzzTest {

    private static final String VALID = "fuzz-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FunctionDispatcher DISPATCHER = new FunctionDispatcher(List.of(
            function("greet", "describe").build(), function("forward", "forward").build()), JSON, Map.of(),
            List.of(security()));
    /** What the dispatcher answered for the current input's events (the functions run on the fuzzing thread). */
    private static final List<Outcome> OUTCOMES = new ArrayList<>();
    private static final HttpExchange EXCHANGE = new HttpExchange(request -> DISPATCHER.dispatch(request)
            .thenApply(outcome -> {
                OUTCOMES.add(outcome);
                return outcome;
            }), JSON, DispatchRequest.HTTP);
    private static final Set<String> PROBLEMS = problems();

    /** @return security on: one valid token, named {@code fuzz}, which may call {@code greet} only */
    private static SecurityStage security() {
        ApiTokens tokens = new ApiTokens(Clock.systemUTC());
        tokens.replace(List.of(new ApiTokens.Token("fuzz", VALID, null)));
        AccessPolicy policy = new AccessPolicy(false, Map.of("fuzz", new AccessPolicy.Policy(List.of(
                new AccessPolicy.Rule("greet", true)), List.of(), Set.of())));
        return new SecurityStage(true, List.of(tokens), policy, (outcome, request, caller, why) -> {
        });
    }

    /** @return every problem a malformed credential may be described by */
    private static Set<String> problems() {
        List<String> problems = new ArrayList<>(List.of("The Authorization header is empty",
                "The Authorization header's scheme is not Bearer",
                "The Authorization header's Bearer scheme needs exactly one token"));
        List<String> carriers = List.of(Credentials.AUTHORIZATION, Credentials.API_TOKEN, Credentials.DAPR_API_TOKEN);
        for (int i = 0; i < carriers.size(); i++) {
            problems.add("The " + carriers.get(i) + " header is empty");
            for (int j = i + 1; j < carriers.size(); j++) {
                problems.add("The " + carriers.get(i) + " and " + carriers.get(j) + " headers carry different tokens");
            }
        }
        return Set.copyOf(problems);
    }

    @FuzzTest(maxDuration = "60s")
    void aCredentialHeaderIsNeverA5xxNorAWayIn(byte[] input) throws Exception {
        HttpExchangeTest.Request request = HttpExchangeFuzzTest.request(input);

        Credentials credentials = Credentials.fromHeaders(request::header);
        if (credentials instanceof Credentials.Malformed malformed) {
            assertThat(malformed.problem()).isIn(PROBLEMS);
        }
        if (credentials instanceof Credentials.Token token) {
            assertThat(token.token()).isNotBlank().isEqualTo(token.token().strip());
        }

        OUTCOMES.clear();
        HttpExchange.Answer answer = EXCHANGE.handle(request).toCompletableFuture().get(10, TimeUnit.SECONDS);

        String seen = String.format("%s %s %s (%s): %s", request.method(), request.path(), request.headers(),
                credentials.getClass().getSimpleName(), answer.body() == null ? "" : new String(answer.body(), UTF_8));
        assertThat(answer.status()).as(seen).isBetween(200, 499);
        if (answer.status() == 401) {
            assertThat(answer.headers()).as(seen).containsEntry("www-authenticate", HttpExchange.CHALLENGE);
        }
        boolean valid = credentials instanceof Credentials.Token token && token.token().equals(VALID);
        for (Outcome outcome : OUTCOMES) {
            if (!valid) {
                assertThat(outcome).as(seen).isInstanceOf(Outcome.Denied.class);
            } else if (outcome.function().filter("forward"::equals).isPresent()) {
                assertThat(outcome).as(seen).isEqualTo(new Outcome.Denied("forward", "The caller is not allowed to do "
                        + "this", false));
            }
        }
        if (answer.status() < 300 && !valid) {
            assertThat(OUTCOMES).as("nothing dispatched: " + seen).isEmpty();
        }
    }
}

package dev.bindery.internal.security;

import static dev.bindery.spi.dispatch.DispatchRequest.HTTP;
import static dev.bindery.spi.dispatch.DispatchRequest.PUBSUB;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.function.EventContext;
import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.routing.EventFilter;
import dev.bindery.internal.security.AccessPolicy.Policy;
import dev.bindery.internal.security.AccessPolicy.Rule;
import dev.bindery.security.Caller;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.testing.MutableClock;

/** The security stage in a real dispatcher: what reaches a function, and what a sender is answered. */
class SecurityStageTest {

    private static final String CI_TOKEN = "ci-secret-0123456789";

    /** The functions: each records the event it saw and the caller its context reports. */
    public static class Seen {
        final List<CloudEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<Optional<Caller>> callers = Collections.synchronizedList(new ArrayList<>());

        public String record(CloudEvent event, EventContext context) {
            events.add(event);
            callers.add(context.caller());
            return "seen " + event.getId();
        }
    }

    /** One denial as the listener was told of it. */
    record Denial(Outcome.Denied outcome, DispatchRequest request, Caller caller, String why) {
    }

    private final Seen seen = new Seen();
    private final List<Denial> denials = Collections.synchronizedList(new ArrayList<>());
    private final MutableClock clock = new MutableClock();
    private final ApiTokens tokens = new ApiTokens(clock);

    SecurityStageTest() {
        tokens.replace(List.of(new ApiTokens.Token("ci", CI_TOKEN, null)));
    }

    private FunctionDispatcher dispatcher(SecurityStage stage) throws NoSuchMethodException {
        List<FunctionDefinition> functions = new ArrayList<>();
        for (String name : List.of("orders", "payroll")) {
            functions.add(FunctionDefinition.builder(name, Seen.class.getMethod("record", CloudEvent.class,
                    EventContext.class)).target(() -> seen).executionMode(ExecutionMode.EVENT_LOOP)
                    .filters(List.of(EventFilter.typeEquals("com.example." + name))).build());
        }
        return new FunctionDispatcher(functions, new ObjectMapper(), Map.of(), List.of(stage));
    }

    private SecurityStage enabled(AccessPolicy policy) {
        return new SecurityStage(true, List.of(tokens), policy, (outcome, request, caller, why) -> denials.add(
                new Denial(outcome, request, caller, why)));
    }

    private SecurityStage enabled() {
        return enabled(new AccessPolicy(true, Map.of()));
    }

    /** Callers named "ci" may call anything but payroll. */
    private static AccessPolicy noPayrollForCi() {
        return new AccessPolicy(true, Map.of("ci", new Policy(List.of(new Rule("payroll", false)), List.of(),
                Set.of())));
    }

    private static CloudEvent event(String type) {
        return CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/tests")).withType(type).build();
    }

    /** @return an event claiming an identity, as a sender could forge it */
    private static CloudEvent claiming(String type) {
        return CloudEventBuilder.from(event(type)).withExtension(Caller.AUTH_TYPE, "service_account")
                .withExtension(Caller.AUTH_ID, "app:admin").withExtension(Caller.AUTH_CLAIMS, "{\"admin\":true}")
                .build();
    }

    private static DispatchRequest to(String function, CloudEvent event, Credentials credentials) {
        return new DispatchRequest(event, new DispatchRequest.Function(function), HTTP, credentials);
    }

    private static DispatchRequest routed(CloudEvent event, Credentials credentials) {
        return DispatchRequest.routed(event, HTTP).withCredentials(credentials);
    }

    private static Credentials bearer(String token) {
        return new Credentials.Token(token, Credentials.AUTHORIZATION);
    }

    private static Outcome await(FunctionDispatcher dispatcher, DispatchRequest request) {
        return dispatcher.dispatch(request).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    void runsAtTheSecurityOrder() {
        assertThat(enabled().order()).isEqualTo(SecurityStage.SECURITY);
    }

    @Test
    void disabledItStillRemovesTheIdentityAnEventArrivesWith() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(new SecurityStage(false, List.of(tokens), noPayrollForCi(),
                (outcome, request, caller, why) -> denials.add(new Denial(outcome, request, caller, why))));

        Outcome outcome = await(dispatcher, to("payroll", claiming("com.example.payroll"), Credentials.none()));

        assertThat(outcome).isInstanceOf(Outcome.Replied.class);
        CloudEvent received = seen.events.get(0);
        assertThat(received.getExtensionNames()).doesNotContain(Caller.AUTH_TYPE, Caller.AUTH_ID,
                Caller.AUTH_CLAIMS);
        assertThat(received.getId()).isEqualTo("e-1");
        assertThat(seen.callers).containsExactly(Optional.empty());
        assertThat(denials).isEmpty();
    }

    @Test
    void disabledItNeitherAuthenticatesNorAnswersAnUnroutedRequest() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(new SecurityStage(false, List.of(tokens), noPayrollForCi(),
                (outcome, request, caller, why) -> denials.add(new Denial(outcome, request, caller, why))));

        assertThat(await(dispatcher, routed(event("com.example.orders"), new Credentials.Malformed("bad"))))
                .isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher, to("ghost", event("x"), Credentials.none())))
                .isInstanceOf(Outcome.NotFound.class);
        assertThat(denials).isEmpty();
    }

    @Test
    void withoutACredentialTheSenderIsUnauthenticatedAndTheFunctionDoesNotRun() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled());
        DispatchRequest request = to("orders", event("com.example.orders"), Credentials.none());

        Outcome outcome = await(dispatcher, request);

        assertThat(outcome).isEqualTo(new Outcome.Denied("orders", SecurityStage.MISSING, true));
        assertThat(seen.events).isEmpty();
        assertThat(denials).containsExactly(new Denial((Outcome.Denied) outcome, request, null,
                SecurityStage.MISSING));
    }

    @Test
    void aValidApiTokenReachesTheFunctionAsItsCaller() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled());

        Outcome outcome = await(dispatcher, routed(event("com.example.orders"), new Credentials.Token(CI_TOKEN,
                Credentials.API_TOKEN)));

        assertThat(outcome).isInstanceOf(Outcome.Replied.class);
        assertThat(seen.callers).containsExactly(Optional.of(new Caller(Caller.Kind.TOKEN, "ci", Set.of())));
        CloudEvent received = seen.events.get(0);
        assertThat(received.getExtension(Caller.AUTH_TYPE)).isEqualTo("api_key");
        assertThat(received.getExtension(Caller.AUTH_ID)).isEqualTo("token:ci");
        assertThat(received.getExtension(Caller.AUTH_CLAIMS)).isNull();
        assertThat(denials).isEmpty();
    }

    @Test
    void aForgedIdentityIsReplacedByTheProvenOne() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled());

        await(dispatcher, to("orders", claiming("com.example.orders"), bearer(CI_TOKEN)));

        CloudEvent received = seen.events.get(0);
        assertThat(received.getExtension(Caller.AUTH_TYPE)).isEqualTo("api_key");
        assertThat(received.getExtension(Caller.AUTH_ID)).isEqualTo("token:ci");
        assertThat(received.getExtensionNames()).doesNotContain(Caller.AUTH_CLAIMS);
        assertThat(seen.callers).containsExactly(Optional.of(new Caller(Caller.Kind.TOKEN, "ci", Set.of())));
    }

    @Test
    void aDeniedCallerIsForbiddenWithoutLearningTheFunctionOrThePolicy() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled(noPayrollForCi()));
        DispatchRequest request = to("payroll", event("com.example.payroll"), bearer(CI_TOKEN));

        Outcome outcome = await(dispatcher, request);

        assertThat(outcome).isInstanceOf(Outcome.Denied.class);
        Outcome.Denied denied = (Outcome.Denied) outcome;
        assertThat(denied.unauthenticated()).isFalse();
        assertThat(denied.message()).isEqualTo(SecurityStage.FORBIDDEN).doesNotContain("payroll")
                .doesNotContain("ci");
        assertThat(seen.events).isEmpty();
        assertThat(denials).hasSize(1);
        Denial denial = denials.get(0);
        assertThat(denial.outcome()).isSameAs(denied);
        assertThat(denial.request()).isSameAs(request);
        assertThat(denial.caller()).isEqualTo(new Caller(Caller.Kind.TOKEN, "ci", Set.of()));
        assertThat(denial.why()).isEqualTo("policy 'ci' denies function rule 'payroll'");
    }

    @Test
    void theSameCallerIsAllowedWhatThePolicyAllows() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled(noPayrollForCi()));

        assertThat(await(dispatcher, to("orders", event("com.example.orders"), bearer(CI_TOKEN))))
                .isInstanceOf(Outcome.Replied.class);
        assertThat(denials).isEmpty();
    }

    @Test
    void aPolicyListingOtherTransportsForbidsThisOne() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled(new AccessPolicy(true, Map.of("ci", new Policy(List.of(),
                List.of(), Set.of(PUBSUB))))));

        Outcome outcome = await(dispatcher, to("orders", event("com.example.orders"), bearer(CI_TOKEN)));

        assertThat(outcome).isEqualTo(new Outcome.Denied("orders", SecurityStage.FORBIDDEN, false));
        assertThat(denials).singleElement().extracting(Denial::why)
                .isEqualTo("policy 'ci' does not list transport 'http'");
    }

    @Test
    void anUnknownTokenAnExpiredOneAndAMalformedHeaderAreUnauthenticatedWithTheirReason() throws Exception {
        tokens.replace(List.of(new ApiTokens.Token("ci", CI_TOKEN, clock.instant().plusSeconds(1))));
        FunctionDispatcher dispatcher = dispatcher(enabled());

        Outcome unknown = await(dispatcher, to("orders", event("com.example.orders"), bearer("guess")));
        Outcome malformed = await(dispatcher, to("orders", event("com.example.orders"),
                new Credentials.Malformed("The Authorization header's scheme is not Bearer")));
        clock.advance(java.time.Duration.ofSeconds(1));
        Outcome expired = await(dispatcher, to("orders", event("com.example.orders"), bearer(CI_TOKEN)));

        assertThat(unknown).isEqualTo(new Outcome.Denied("orders", "The token is not valid", true));
        assertThat(malformed).isEqualTo(new Outcome.Denied("orders", "The Authorization header's scheme is not Bearer",
                true));
        assertThat(expired).isEqualTo(new Outcome.Denied("orders", "The API token has expired", true));
        assertThat(seen.events).isEmpty();
        assertThat(denials).hasSize(3).allSatisfy(denial -> {
            assertThat(denial.caller()).isNull();
            assertThat(denial.why()).isEqualTo(denial.outcome().message()).doesNotContain(CI_TOKEN);
        });
    }

    @Test
    void aCallerTheTransportVerifiedPassesWithoutAToken() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled(new AccessPolicy(false, Map.of("app:orders", new Policy(
                List.of(new Rule("orders", true)), List.of(), Set.of())))));

        Outcome outcome = await(dispatcher, to("orders", claiming("com.example.orders"),
                Credentials.verified(Caller.app("orders"))));

        assertThat(outcome).isInstanceOf(Outcome.Replied.class);
        assertThat(seen.callers).containsExactly(Optional.of(Caller.app("orders")));
        assertThat(seen.events.get(0).getExtension(Caller.AUTH_ID)).isEqualTo("app:orders");
        assertThat(seen.events.get(0).getExtension(Caller.AUTH_TYPE)).isEqualTo("service_account");
        assertThat(await(dispatcher, to("payroll", event("com.example.payroll"),
                Credentials.verified(Caller.app("orders"))))).isInstanceOf(Outcome.Denied.class);
    }

    @Test
    void authenticatorsAreAskedInTurnUntilOneKnowsTheToken() throws Exception {
        List<String> asked = new ArrayList<>();
        Authenticator refusesJwts = token -> {
            asked.add("jwt");
            return token.startsWith("ey")
                    ? new Authentication.Refused("The JWT's signature is not valid")
                    : Authentication.UNRECOGNISED;
        };
        FunctionDispatcher dispatcher = dispatcher(new SecurityStage(true, List.of(refusesJwts, tokens),
                new AccessPolicy(true, Map.of()), (outcome, request, caller, why) -> denials.add(new Denial(outcome,
                        request, caller, why))));

        assertThat(await(dispatcher, to("orders", event("com.example.orders"), bearer(CI_TOKEN))))
                .isInstanceOf(Outcome.Replied.class);
        assertThat(await(dispatcher, to("orders", event("com.example.orders"), bearer("eyJhbGciOi"))))
                .isEqualTo(new Outcome.Denied("orders", "The JWT's signature is not valid", true));
        assertThat(asked).containsExactly("jwt", "jwt");
    }

    @Test
    void anUnknownFunctionIsUnauthenticatedWithoutACredentialNotNotFound() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled());
        DispatchRequest named = to("ghost", event("com.example.orders"), Credentials.none());
        DispatchRequest unrouted = routed(event("com.example.ghost"), Credentials.none());

        Outcome byName = await(dispatcher, named);
        Outcome byType = await(dispatcher, unrouted);

        assertThat(byName).isEqualTo(new Outcome.Denied("ghost", SecurityStage.MISSING, true));
        assertThat(byType).isEqualTo(new Outcome.Denied(null, SecurityStage.MISSING, true));
        assertThat(denials).extracting(Denial::request).containsExactly(named, unrouted);
    }

    @Test
    void anUnknownFunctionIsNotFoundForAnAllowedCaller() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled(noPayrollForCi()));

        assertThat(await(dispatcher, to("ghost", event("com.example.orders"), bearer(CI_TOKEN))))
                .isInstanceOf(Outcome.NotFound.class);
        assertThat(await(dispatcher, routed(event("com.example.ghost"), bearer(CI_TOKEN))))
                .isInstanceOf(Outcome.NotFound.class);
        assertThat(denials).isEmpty();
    }

    @Test
    void anUnknownFunctionThePolicyDeniesIsForbiddenLikeAKnownOne() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled(new AccessPolicy(true, Map.of("ci", new Policy(List.of(
                new Rule("pay*", false)), List.of(), Set.of())))));

        Outcome known = await(dispatcher, to("payroll", event("com.example.payroll"), bearer(CI_TOKEN)));
        Outcome unknown = await(dispatcher, to("payments", event("com.example.payroll"), bearer(CI_TOKEN)));

        assertThat(known).isEqualTo(new Outcome.Denied("payroll", SecurityStage.FORBIDDEN, false));
        assertThat(unknown).isEqualTo(new Outcome.Denied("payments", SecurityStage.FORBIDDEN, false));
        assertThat(denials).hasSize(2);
        assertThat(denials.get(1).caller()).isEqualTo(new Caller(Caller.Kind.TOKEN, "ci", Set.of()));
        assertThat(denials.get(1).why()).endsWith("(no such function)");
    }

    @Test
    void theListenerIsToldOfEachDenialOnce() throws Exception {
        FunctionDispatcher dispatcher = dispatcher(enabled(noPayrollForCi()));

        for (int i = 0; i < 3; i++) {
            await(dispatcher, to("payroll", event("com.example.payroll"), bearer(CI_TOKEN)));
            await(dispatcher, to("orders", event("com.example.orders"), Credentials.none()));
            await(dispatcher, to("orders", event("com.example.orders"), bearer(CI_TOKEN)));
        }

        assertThat(denials).hasSize(6);
        assertThat(denials).filteredOn(denial -> denial.outcome().unauthenticated()).hasSize(3)
                .allSatisfy(denial -> assertThat(denial.caller()).isNull());
        assertThat(denials).filteredOn(denial -> !denial.outcome().unauthenticated()).hasSize(3)
                .allSatisfy(denial -> assertThat(denial.caller()).isNotNull());
        assertThat(seen.events).hasSize(3);
    }
}

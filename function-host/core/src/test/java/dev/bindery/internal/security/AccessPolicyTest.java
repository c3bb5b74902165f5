package dev.bindery.internal.security;

import static dev.bindery.spi.dispatch.DispatchRequest.HTTP;
import static dev.bindery.spi.dispatch.DispatchRequest.PUBSUB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.bindery.internal.security.AccessPolicy.Policy;
import dev.bindery.internal.security.AccessPolicy.Rule;
import dev.bindery.security.Caller;

class AccessPolicyTest {

    private static final Caller ORDERS = Caller.app("orders");
    private static final Caller CI = new Caller(Caller.Kind.TOKEN, "ci", Set.of());
    private static final Caller ALICE = new Caller(Caller.Kind.JWT, "alice", Set.of("admins", "staff"));

    private static Rule allow(String pattern) {
        return new Rule(pattern, true);
    }

    private static Rule deny(String pattern) {
        return new Rule(pattern, false);
    }

    private static Policy functions(Rule... rules) {
        return new Policy(List.of(rules), List.of(), Set.of());
    }

    private static boolean allowed(AccessPolicy policy, Caller caller, String function) {
        return policy.decide(caller, function, "com.example.any", HTTP).allowed();
    }

    @Test
    void noPolicyAndDefaultAllowAllowsEveryone() {
        AccessPolicy policy = new AccessPolicy(true, Map.of());

        assertThat(policy.allowsAll()).isTrue();
        assertThat(policy.decide(CI, "anything", "t", PUBSUB)).isEqualTo(new AccessPolicy.Decision(true,
                "no policy"));
    }

    @Test
    void noPolicyAndDefaultDenyDeniesEveryone() {
        AccessPolicy policy = new AccessPolicy(false, Map.of());

        assertThat(policy.allowsAll()).isFalse();
        AccessPolicy.Decision decision = policy.decide(CI, "anything", "t", HTTP);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.why()).isEqualTo("the default action is deny");
    }

    @Test
    void aCallerNoRuleMatchesGetsTheDefaultAction() {
        Map<String, Policy> policies = Map.of("orders", functions(allow("billing")));

        assertThat(allowed(new AccessPolicy(true, policies), ORDERS, "shipping")).isTrue();
        assertThat(allowed(new AccessPolicy(false, policies), ORDERS, "shipping")).isFalse();
        assertThat(allowed(new AccessPolicy(false, policies), CI, "billing")).isFalse();
        assertThat(new AccessPolicy(true, policies).decide(ORDERS, "shipping", "t", HTTP).why())
                .isEqualTo("the default action is allow");
    }

    @Test
    void anExactNameBeatsAGlob() {
        AccessPolicy denyExact = new AccessPolicy(true, Map.of("ci", functions(allow("orders-*"),
                deny("orders-refund"))));
        AccessPolicy allowExact = new AccessPolicy(false, Map.of("ci", functions(deny("*"), deny("orders-*"),
                allow("orders-refund"))));

        assertThat(allowed(denyExact, CI, "orders-refund")).isFalse();
        assertThat(allowed(denyExact, CI, "orders-create")).isTrue();
        assertThat(allowed(allowExact, CI, "orders-refund")).isTrue();
        assertThat(allowed(allowExact, CI, "orders-create")).isFalse();
    }

    @Test
    void aLongerGlobBeatsAShorterOne() {
        AccessPolicy policy = new AccessPolicy(false, Map.of("ci", functions(allow("*"), deny("orders-*"),
                allow("orders-read-*"))));

        assertThat(allowed(policy, CI, "billing")).isTrue();
        assertThat(allowed(policy, CI, "orders-write")).isFalse();
        assertThat(allowed(policy, CI, "orders-read-all")).isTrue();
    }

    @Test
    void denyWinsATieWhateverTheOrderOfTheRules() {
        AccessPolicy denyLast = new AccessPolicy(true, Map.of("ci", functions(allow("a*"), deny("*b"))));
        AccessPolicy denyFirst = new AccessPolicy(true, Map.of("ci", functions(deny("*b"), allow("a*"))));

        assertThat(allowed(denyLast, CI, "ab")).isFalse();
        assertThat(allowed(denyFirst, CI, "ab")).isFalse();
        assertThat(allowed(denyLast, CI, "ax")).isTrue();
    }

    @Test
    void denyWinsATieAcrossPoliciesThatNameTheCaller() {
        AccessPolicy policy = new AccessPolicy(true, Map.of("alice", functions(allow("reports")), "staff",
                functions(deny("reports"))));

        AccessPolicy.Decision decision = policy.decide(ALICE, "reports", "t", HTTP);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.why()).isEqualTo("policy 'staff' denies function rule 'reports'");
    }

    @Test
    void aPolicyNamesACallerByNameGroupPrefixedIdOrStar() {
        Map<String, Policy> policies = Map.of(
                "ci", functions(allow("by-name")),
                "admins", functions(allow("by-group")),
                "app:orders", functions(allow("by-app-id")),
                "*", functions(allow("by-star")));
        AccessPolicy policy = new AccessPolicy(false, policies);

        assertThat(allowed(policy, CI, "by-name")).isTrue();
        assertThat(allowed(policy, ALICE, "by-name")).isFalse();
        assertThat(allowed(policy, ALICE, "by-group")).isTrue();
        assertThat(allowed(policy, CI, "by-group")).isFalse();
        assertThat(allowed(policy, ORDERS, "by-app-id")).isTrue();
        assertThat(allowed(policy, CI, "by-app-id")).isFalse();
        for (Caller caller : List.of(CI, ALICE, ORDERS)) {
            assertThat(allowed(policy, caller, "by-star")).isTrue();
            assertThat(allowed(policy, caller, "unlisted")).isFalse();
        }
    }

    @Test
    void aPrefixedKeyTellsCallersOfTheSameNameApart() {
        AccessPolicy policy = new AccessPolicy(false, Map.of("app:orders", functions(allow("billing"))));

        assertThat(allowed(policy, ORDERS, "billing")).isTrue();
        assertThat(allowed(policy, new Caller(Caller.Kind.TOKEN, "orders", Set.of()), "billing")).isFalse();
        assertThat(allowed(policy, new Caller(Caller.Kind.JWT, "orders", Set.of()), "billing")).isFalse();
    }

    @Test
    void aPrefixedKeyDoesNotNameACallerOfAnotherKindWhoseNameIsSpelledLikeIt() {
        AccessPolicy policy = new AccessPolicy(false, Map.of("app:orders", functions(allow("billing"))));

        assertThat(allowed(policy, new Caller(Caller.Kind.JWT, "app:orders", Set.of()), "billing")).isFalse();
        assertThat(allowed(policy, new Caller(Caller.Kind.JWT, "mallory", Set.of("app:orders")), "billing"))
                .isFalse();
        assertThat(allowed(policy, new Caller(Caller.Kind.TOKEN, "app:orders", Set.of()), "billing")).isFalse();
    }

    @Test
    void anUnprefixedKeyNamesACallerWhoseNameHasColons() {
        Caller role = new Caller(Caller.Kind.PRINCIPAL, "arn:aws:iam::123456789012:role/uploader", Set.of());
        AccessPolicy policy = new AccessPolicy(false, Map.of("arn:aws:iam::123456789012:role/uploader",
                functions(allow("upload"))));

        assertThat(allowed(policy, role, "upload")).isTrue();
        assertThat(allowed(policy, role, "download")).isFalse();
    }

    @Test
    void aTypeRuleDeniesAnEventItsFunctionRuleAllows() {
        AccessPolicy policy = new AccessPolicy(false, Map.of("ci", new Policy(List.of(allow("orders")),
                List.of(allow("com.example.*"), deny("com.example.admin.*")), Set.of())));

        assertThat(policy.decide(CI, "orders", "com.example.order.placed", HTTP).allowed()).isTrue();
        AccessPolicy.Decision denied = policy.decide(CI, "orders", "com.example.admin.purge", HTTP);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.why()).isEqualTo("policy 'ci' denies event type rule 'com.example.admin.*'");
        assertThat(policy.decide(CI, "orders", "org.other", HTTP).allowed()).isTrue();
        assertThat(policy.decide(CI, "orders", null, HTTP).allowed()).isTrue();
    }

    @Test
    void aTypeRuleDoesNotAllowAFunctionTheFunctionRulesDeny() {
        AccessPolicy policy = new AccessPolicy(false, Map.of("ci", new Policy(List.of(deny("orders")),
                List.of(allow("com.example.order.placed")), Set.of())));

        assertThat(policy.decide(CI, "orders", "com.example.order.placed", HTTP).allowed()).isFalse();
        assertThat(policy.decide(CI, "billing", "com.example.order.placed", HTTP).allowed()).isFalse();
    }

    @Test
    void aPolicyListingTransportsDeniesTheOthers() {
        AccessPolicy policy = new AccessPolicy(true, Map.of("ci", new Policy(List.of(allow("*")), List.of(),
                Set.of(PUBSUB))));

        assertThat(policy.decide(CI, "orders", "t", PUBSUB).allowed()).isTrue();
        AccessPolicy.Decision overHttp = policy.decide(CI, "orders", "t", HTTP);
        assertThat(overHttp.allowed()).isFalse();
        assertThat(overHttp.why()).isEqualTo("policy 'ci' does not list transport 'http'");
        assertThat(policy.decide(ORDERS, "orders", "t", HTTP).allowed()).as("a caller no policy names").isTrue();
    }

    @Test
    void anyPolicyNamingTheCallerLimitsItsTransports() {
        AccessPolicy policy = new AccessPolicy(true, Map.of("alice", functions(allow("*")), "staff",
                new Policy(List.of(), List.of(), Set.of(PUBSUB, "lambda"))));

        assertThat(policy.decide(ALICE, "orders", "t", HTTP).allowed()).isFalse();
        assertThat(policy.decide(ALICE, "orders", "t", "lambda").allowed()).isTrue();
        assertThat(policy.decide(ALICE, null, "t", HTTP).allowed()).isFalse();
    }

    @Test
    void withNoFunctionACallerAPolicyNamesOrADefaultAllowIsAllowed() {
        Map<String, Policy> policies = Map.of("ci", functions(deny("*")));

        AccessPolicy.Decision named = new AccessPolicy(false, policies).decide(CI, null, "t", HTTP);
        assertThat(named.allowed()).isTrue();
        assertThat(named.why()).isEqualTo("no function matched the request");
        assertThat(new AccessPolicy(false, policies).decide(ORDERS, null, "t", HTTP).allowed()).isFalse();
        assertThat(new AccessPolicy(true, policies).decide(ORDERS, null, "t", HTTP).allowed()).isTrue();
    }

    @Test
    void theWhyNamesThePolicyAndTheRuleThatDecided() {
        AccessPolicy policy = new AccessPolicy(false, Map.of("ci", functions(allow("orders-*"), deny("orders-x"))));

        assertThat(policy.decide(CI, "orders-a", "t", HTTP).why()).isEqualTo(
                "policy 'ci' allows function rule 'orders-*'");
        assertThat(policy.decide(CI, "orders-x", "t", HTTP).why()).isEqualTo(
                "policy 'ci' denies function rule 'orders-x'");
    }

    @Test
    void thePoliciesAreCopied() {
        java.util.HashMap<String, Policy> policies = new java.util.HashMap<>(Map.of("ci", functions(allow("a"))));
        AccessPolicy policy = new AccessPolicy(false, policies);

        policies.put("*", functions(allow("*")));

        assertThat(policy.policies()).containsOnlyKeys("ci");
        assertThat(allowed(policy, ORDERS, "b")).isFalse();
    }
}

package dev.bindery.runtime.internal;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;

import dev.bindery.invocation.InvocationException;
import dev.bindery.invocation.InvocationFailedException;
import dev.bindery.invocation.InvocationTimeoutException;
import dev.bindery.invocation.InvocationUnavailableException;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.runtime.BinderyConfig.RetryOn;

/**
 * The resiliency policies of {@code bindery.resiliency.*}, as SmallRye Fault Tolerance guards: one per target (an app
 * called, a component's outbound calls), built once, so a circuit breaker's state is the target's. Retries wrap the
 * breaker (each attempt counts for it) and an open breaker is never retried: the call fails fast as unavailable.
 * The configuration is checked when the application starts: a target naming a policy that does not exist, or naming
 * none, fails the start with the property.
 * <p>
 * Metrics, tagged {@code target} ({@code apps/<id>}, {@code components/<name>}): {@code bindery.resiliency.retries}, the
 * breaker's state ({@code bindery.resiliency.circuit.breaker.state}: 0 closed, 1 half-open, 2 open) and its
 * transitions ({@code bindery.resiliency.circuit.breaker.transitions}, tagged {@code state}).
 */
@Singleton
@Startup
public class ResiliencyPolicies {

    /** The policies of one target: the guard (null when it has neither retry nor breaker) and the attempt timeout. */
    record Policies(String target, Guard guard, Optional<Duration> timeout) {

        /**
         * @return why the guard cut the call off, when it did (an attempt past the timeout, an open circuit breaker),
         *         for the caller's own exception; empty for a failure of the call itself
         */
        Optional<String> cutOff(Throwable failure) {
            if (failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
                return Optional.of("no answer within " + timeout.map(Duration::toMillis).orElse(0L) + " ms");
            }
            if (failure instanceof CircuitBreakerOpenException) {
                return Optional.of("the circuit breaker of " + target + " is open: failing fast");
            }
            return Optional.empty();
        }
    }

    private final BinderyConfig.Resiliency config;
    private final MeterRegistry registry;
    private final Map<String, Policies> targets = new ConcurrentHashMap<>();

    @Inject
    public ResiliencyPolicies(BinderyConfig config, MeterRegistry registry) {
        this(config.resiliency(), registry);
        // resolved as calls resolve them; the port does not matter here
        AppEndpoints endpoints = new AppEndpoints(config, System.getenv(), () -> 0);
        knownApps(config.resiliency(), endpoints::reachable);
    }

    /**
     * Checks that every app a policy targets can be reached: it has a URL, or the Kubernetes convention applies, or it
     * is this application.
     *
     * @param reachable whether a URL is known for an app id
     * @throws IllegalArgumentException naming the property of the first app that cannot
     */
    static void knownApps(BinderyConfig.Resiliency config, Predicate<String> reachable) {
        for (String app : config.targets().apps().keySet()) {
            if (!reachable.test(app)) {
                throw new IllegalArgumentException("bindery.resiliency.targets.apps." + app + " names app '" + app
                        + "', which has no bindery.apps." + app + ".url (and this is not Kubernetes, where its service"
                        + " would be found)");
            }
        }
    }

    ResiliencyPolicies(BinderyConfig.Resiliency config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        validate();
    }

    /**
     * @return the policies of calls to the app: its own, else the default target's, else none; the guard retries and
     *         breaks, the caller applies the timeout to each attempt
     */
    Policies app(String appId) {
        return targets.computeIfAbsent("apps/" + appId, target -> build(target,
                Optional.ofNullable(config.targets().apps().get(appId)).or(() -> config.targets().defaults()),
                ResiliencyPolicies::retryableInvocation, false));
    }

    /**
     * @param retryable the failures of the component's calls that may succeed when tried again
     * @return the policies of the component's outbound calls: its own, else the default target's, else none; the
     *         guard applies all three (an attempt past the timeout fails with SmallRye's {@code TimeoutException},
     *         which is retried)
     */
    Policies component(String name, Predicate<Throwable> retryable) {
        return targets.computeIfAbsent("components/" + name, target -> build(target,
                Optional.ofNullable(config.targets().components().get(name)).map(BinderyConfig.ComponentTarget::outbound)
                        .or(() -> config.targets().defaults()),
                (failure, on) -> failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                        || retryable.test(failure),
                true));
    }

    /** Whether an invocation's failure may succeed when tried again, under the retry policy's {@code on}. */
    static boolean retryableInvocation(Throwable failure, java.util.Set<RetryOn> on) {
        if (!(failure instanceof InvocationException invocation) || !invocation.retryable()) {
            return false;
        }
        if (failure instanceof InvocationTimeoutException) {
            return on.contains(RetryOn.TIMEOUT);
        }
        if (failure instanceof InvocationUnavailableException) {
            return on.contains(RetryOn.UNAVAILABLE);
        }
        return failure instanceof InvocationFailedException && on.contains(RetryOn.FAILED);
    }

    /** Decides whether a failure is retried, given the policy's {@code on}. */
    @FunctionalInterface
    private interface Retryable {
        boolean test(Throwable failure, java.util.Set<RetryOn> on);
    }

    /**
     * @param guardTimeout whether the guard applies the timeout to each attempt (a component's calls); an invocation
     *        applies its own, which a call may override
     */
    private Policies build(String target, Optional<BinderyConfig.Target> policies, Retryable retryable,
            boolean guardTimeout) {
        if (policies.isEmpty()) {
            return new Policies(target, null, Optional.empty());
        }
        BinderyConfig.Target names = policies.get();
        Optional<Duration> timeout = names.timeout().map(name -> config.timeouts().get(name));
        Optional<BinderyConfig.Retry> retry = names.retry().map(name -> config.retries().get(name));
        Optional<BinderyConfig.CircuitBreaker> breaker = names.circuitBreaker()
                .map(name -> config.circuitBreakers().get(name));
        if (retry.isEmpty() && breaker.isEmpty() && (!guardTimeout || timeout.isEmpty())) {
            return new Policies(target, null, timeout);
        }
        Guard.Builder guard = Guard.create().withDescription("bindery " + target).withThreadOffload(false);
        if (guardTimeout) {
            timeout.ifPresent(limit -> guard.withTimeout().duration(limit.toMillis(), ChronoUnit.MILLIS).done());
        }
        retry.ifPresent(policy -> {
            Counter retries = Counter.builder("bindery.resiliency.retries").description("Attempts retried")
                    .tag("target", target).register(registry);
            guard.withRetry().maxRetries(policy.maxRetries()).delay(policy.duration().toMillis(), ChronoUnit.MILLIS)
                    .maxDuration(0, ChronoUnit.MILLIS).jitter(policy.jitter().toMillis(), ChronoUnit.MILLIS)
                    .whenException(failure -> !(failure instanceof CircuitBreakerOpenException)
                            && retryable.test(failure, policy.on()))
                    .beforeRetry(failure -> retries.increment())
                    .withCustomBackoff().strategy(() -> new Backoff(policy)).done()
                    .done();
        });
        breaker.ifPresent(policy -> {
            AtomicInteger state = new AtomicInteger();
            Gauge.builder("bindery.resiliency.circuit.breaker.state", state, AtomicInteger::get)
                    .description("The circuit breaker's state: 0 closed, 1 half-open, 2 open").tag("target", target)
                    .register(registry);
            boolean ratio = policy.failureRatio().isPresent();
            guard.withCircuitBreaker().name("bindery-" + target)
                    .requestVolumeThreshold(ratio ? policy.window() : policy.consecutiveFailures().orElse(5))
                    .failureRatio(ratio ? policy.failureRatio().get() : 1.0)
                    .delay(policy.timeout().toMillis(), ChronoUnit.MILLIS).successThreshold(policy.maxRequests())
                    // what a retry could not help (a rejection, a not-found) says nothing about the target's health
                    .when(failure -> retryable.test(failure, java.util.EnumSet.allOf(RetryOn.class)))
                    .onStateChange(changed -> {
                        state.set(changed == CircuitBreakerState.CLOSED
                                ? 0
                                : changed == CircuitBreakerState.HALF_OPEN ? 1 : 2);
                        Counter.builder("bindery.resiliency.circuit.breaker.transitions")
                                .description("Circuit breaker state changes, by the state entered")
                                .tag("target", target).tag("state", changed.name().toLowerCase())
                                .register(registry).increment();
                    })
                    .done();
        });
        return new Policies(target, guard.build(), timeout);
    }

    /** Checks every target and policy; the message names the property that is wrong. */
    private void validate() {
        config.targets().apps().forEach((app, target) -> validate("bindery.resiliency.targets.apps." + app, target));
        config.targets().components().forEach((component, target) -> validate(
                "bindery.resiliency.targets.components." + component + ".outbound", target.outbound()));
        config.targets().actors().forEach((type, target) -> validate("bindery.resiliency.targets.actors." + type,
                target));
        config.targets().defaults().ifPresent(target -> validate("bindery.resiliency.targets.default", target));
        config.timeouts().forEach((name, timeout) -> {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("bindery.resiliency.timeouts." + name + " must be positive, not "
                        + timeout);
            }
        });
        config.retries().forEach((name, retry) -> {
            if (retry.maxRetries() < 0) {
                throw new IllegalArgumentException("bindery.resiliency.retries." + name + ".max-retries must be 0 or"
                        + " more, not " + retry.maxRetries());
            }
        });
        config.circuitBreakers().forEach((name, breaker) -> {
            String property = "bindery.resiliency.circuit-breakers." + name;
            if (breaker.failureRatio().isPresent() && breaker.consecutiveFailures().isPresent()) {
                throw new IllegalArgumentException(property + " sets both consecutive-failures and failure-ratio;"
                        + " choose one");
            }
            breaker.failureRatio().ifPresent(ratio -> {
                if (!(ratio > 0 && ratio <= 1)) {
                    throw new IllegalArgumentException(property + ".failure-ratio must be above 0 and at most 1, not "
                            + ratio);
                }
            });
            if (breaker.consecutiveFailures().orElse(1) < 1 || breaker.window() < 1 || breaker.maxRequests() < 1) {
                throw new IllegalArgumentException(property + ": consecutive-failures, window and max-requests must be"
                        + " 1 or more");
            }
        });
    }

    private void validate(String property, BinderyConfig.Target target) {
        if (target.timeout().isEmpty() && target.retry().isEmpty() && target.circuitBreaker().isEmpty()) {
            throw new IllegalArgumentException(property + " names no policy: set its timeout, retry or circuit-breaker");
        }
        known(property + ".timeout", target.timeout(), config.timeouts(), "bindery.resiliency.timeouts");
        known(property + ".retry", target.retry(), config.retries(), "bindery.resiliency.retries");
        known(property + ".circuit-breaker", target.circuitBreaker(), config.circuitBreakers(),
                "bindery.resiliency.circuit-breakers");
    }

    private static void known(String property, Optional<String> name, Map<String, ?> policies, String where) {
        if (name.isPresent() && !policies.containsKey(name.get())) {
            throw new IllegalArgumentException(property + " names '" + name.get() + "', which is not a policy of "
                    + where + " (known: " + policies.keySet() + ")");
        }
    }

    /**
     * The wait before each retry: constant or doubling from {@code duration}, at most {@code max-interval}; a callee's
     * {@code Retry-After} (a 429 or 503) wins, capped the same way. One instance per call.
     */
    private static final class Backoff implements CustomBackoffStrategy {
        private final BinderyConfig.Retry policy;
        private int retries;

        Backoff(BinderyConfig.Retry policy) {
            this.policy = policy;
        }

        @Override
        public long nextDelayInMillis(Throwable failure) {
            long max = policy.maxInterval().toMillis();
            if (failure instanceof InvocationException invocation && invocation.retryAfter().isPresent()) {
                return Math.min(invocation.retryAfter().get().toMillis(), max);
            }
            long delay = policy.duration().toMillis();
            if (policy.policy() == BinderyConfig.BackoffPolicy.EXPONENTIAL) {
                delay = delay << Math.min(retries, 30);
                if (delay < 0) {
                    delay = max;
                }
            }
            retries++;
            return Math.min(delay, max);
        }
    }
}

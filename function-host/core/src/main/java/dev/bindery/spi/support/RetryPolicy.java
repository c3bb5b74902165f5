package dev.bindery.spi.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

import dev.bindery.spi.dispatch.Outcome;

/**
 * How a subscription retries a failing event before dead-lettering it: up to {@code attempts} deliveries in all,
 * with exponential backoff (and jitter) from {@code initialDelay} up to {@code maxDelay}. {@link #retry} runs them, for
 * every transport that keeps the delivery contract.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("A subscription makes at least one attempt, was " + attempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("Retry delays must be positive with max-delay >= initial-delay, were "
                    + initialDelay + " and " + maxDelay);
        }
    }

    /**
     * The outcome a delivery ends with.
     *
     * @param outcome the last attempt's outcome: successful, not retryable, or retryable with the attempts spent
     * @param attempts the attempts made, the first one included
     */
    public record Retried(Outcome outcome, int attempts) {
    }

    /**
     * Retries a delivery whose first attempt's outcome is {@code first}: when that is retryable, attempts 2 to
     * {@link #attempts()} follow with exponential backoff and jitter (Mutiny, off the calling thread), until one is not
     * retryable; otherwise the first outcome is the last. Never completes exceptionally when {@code attempt}'s stages do
     * not.
     *
     * @param attempt makes one more attempt (a dispatch); called for each retry
     */
    public CompletionStage<Retried> retry(Outcome first, Supplier<CompletionStage<Outcome>> attempt) {
        if (!first.retryable() || attempts == 1) {
            return CompletableFuture.completedFuture(new Retried(first, 1));
        }
        AtomicInteger made = new AtomicInteger(1);
        Uni<Outcome> again = Uni.createFrom().completionStage(() -> {
            made.incrementAndGet();
            return attempt.get();
        })
                .onItem().transformToUni(outcome -> outcome.retryable()
                        ? Uni.createFrom().<Outcome>failure(new Retry(outcome))
                        : Uni.createFrom().item(outcome))
                .onFailure(Retry.class).retry()
                .withBackOff(initialDelay, maxDelay).atMost(attempts - 2L)
                .onFailure(Retry.class).recoverWithItem(failure -> ((Retry) failure).outcome);
        return Uni.createFrom().voidItem().onItem().delayIt().by(initialDelay)
                .onItem().transformToUni(ignored -> again)
                .map(outcome -> new Retried(outcome, made.get()))
                .subscribeAsCompletionStage();
    }

    /** Carries a retryable outcome through Mutiny's retry, which retries on failures. */
    private static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Outcome outcome;

        Retry(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }
}

package dev.bindery.spi.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** The jitter of the backoff: each delay is its exponential value ± half of it, within the delays' bounds. */
    private static final double JITTER = 0.5;

    /**
     * The outcome a delivery ends with.
     *
     * @param outcome the last attempt's outcome: successful, not retryable, or retryable with the attempts spent
     * @param attempts the attempts made, the first one included
     * @param deadlineReached true when the outcome is retryable and attempts were left, but the next one could not
     *        have ended before the deadline ({@link #retry(Outcome, Supplier, long)})
     */
    public record Retried(Outcome outcome, int attempts, boolean deadlineReached) {

        public Retried(Outcome outcome, int attempts) {
            this(outcome, attempts, false);
        }
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
        return run(first, attempt, null);
    }

    /**
     * Retries as {@link #retry(Outcome, Supplier)} does, but makes no retry whose backoff could end after the deadline
     * (the longest the backoff and its jitter can wait, not counting the attempt itself): the delivery then ends with
     * its last outcome and {@link Retried#deadlineReached()}. For a transport whose delivery has a time limit (a Lambda
     * invocation), so that a failing event goes to its dead letter in time instead of failing with everything after it.
     *
     * @param deadlineNanos the deadline, as {@link System#nanoTime()} reads it
     */
    public CompletionStage<Retried> retry(Outcome first, Supplier<CompletionStage<Outcome>> attempt,
            long deadlineNanos) {
        return run(first, attempt, deadlineNanos);
    }

    /** @param deadlineNanos null for none */
    private CompletionStage<Retried> run(Outcome first, Supplier<CompletionStage<Outcome>> attempt,
            Long deadlineNanos) {
        if (!first.retryable() || attempts == 1) {
            return CompletableFuture.completedFuture(new Retried(first, 1));
        }
        if (!fits(2, deadlineNanos)) {
            return CompletableFuture.completedFuture(new Retried(first, 1, true));
        }
        AtomicInteger made = new AtomicInteger(1);
        AtomicBoolean deadlineReached = new AtomicBoolean();
        Uni<Outcome> again = Uni.createFrom().completionStage(() -> {
            made.incrementAndGet();
            return attempt.get();
        })
                .onItem().transformToUni(outcome -> {
                    if (!outcome.retryable()) {
                        return Uni.createFrom().item(outcome);
                    }
                    if (made.get() < attempts && !fits(made.get() + 1, deadlineNanos)) {
                        deadlineReached.set(true);
                        return Uni.createFrom().item(outcome);
                    }
                    return Uni.createFrom().<Outcome>failure(new Retry(outcome));
                })
                .onFailure(Retry.class).retry()
                .withBackOff(initialDelay, maxDelay).withJitter(JITTER).atMost(attempts - 2L)
                .onFailure(Retry.class).recoverWithItem(failure -> ((Retry) failure).outcome);
        return Uni.createFrom().voidItem().onItem().delayIt().by(initialDelay)
                .onItem().transformToUni(ignored -> again)
                .map(outcome -> new Retried(outcome, made.get(), deadlineReached.get()))
                .subscribeAsCompletionStage();
    }

    /** @return true without a deadline, or when the longest wait before attempt {@code n} ends before it */
    private boolean fits(int n, Long deadlineNanos) {
        return deadlineNanos == null || deadlineNanos - System.nanoTime() >= longestWaitBefore(n).toNanos();
    }

    /**
     * @return the longest wait before attempt {@code n} (2 or more): the initial delay before the second, then the
     *         exponential backoff from it with its jitter, never over the maximum delay
     */
    Duration longestWaitBefore(int n) {
        if (n <= 2) {
            return initialDelay;
        }
        double exponential = initialDelay.toNanos() * Math.pow(2, n - 3.0) * (1 + JITTER);
        return exponential >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) exponential);
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

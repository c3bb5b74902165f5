package dev.bindery.spi.support;

import java.time.Duration;

/**
 * How a subscription retries a failing event before dead-lettering it: up to {@code attempts} deliveries in all,
 * with exponential backoff (and jitter) from {@code initialDelay} up to {@code maxDelay}.
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
}

package dev.bindery.spi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.bindery.spi.dispatch.Outcome;

/**
 * A subscription's retries, with and without a deadline: with one, no retry starts whose backoff could end after it,
 * and the delivery says its retries were stopped.
 */
class RetryPolicyTest {

    static final Outcome FAILED = new Outcome.Failed("f", "Function 'f' failed: down", new IllegalStateException());

    final AtomicInteger attempts = new AtomicInteger(1);
    final Supplier<CompletionStage<Outcome>> failing = () -> {
        attempts.incrementAndGet();
        return CompletableFuture.completedFuture(FAILED);
    };

    static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    @Test
    void theLongestWaitIsTheInitialDelayThenTheBackoffWithItsJitterUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(policy.longestWaitBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.longestWaitBefore(3)).isEqualTo(Duration.ofMillis(300));
        assertThat(policy.longestWaitBefore(4)).isEqualTo(Duration.ofMillis(600));
        assertThat(policy.longestWaitBefore(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.longestWaitBefore(9)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withTimeEnoughEveryAttemptIsMade() {
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));

        RetryPolicy.Retried retried = policy.retry(FAILED, failing, in(Duration.ofMinutes(1))).toCompletableFuture()
                .join();

        assertThat(retried.attempts()).isEqualTo(4).isEqualTo(attempts.get());
        assertThat(retried.deadlineReached()).isFalse();
        assertThat(retried.outcome()).isEqualTo(FAILED);
    }

    @Test
    void aDeadlineTooCloseForTheFirstRetryEndsTheDeliveryAtOnce() {
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(2));

        RetryPolicy.Retried retried = policy.retry(FAILED, failing, in(Duration.ofMillis(100))).toCompletableFuture()
                .join();

        assertThat(retried.attempts()).isEqualTo(1).isEqualTo(attempts.get());
        assertThat(retried.deadlineReached()).isTrue();
    }

    @Test
    void retriesStopBeforeTheDeadlineWhenTheNextBackoffCouldPassIt() throws Exception {
        RetryPolicy policy = new RetryPolicy(20, Duration.ofMillis(100), Duration.ofSeconds(5));
        long deadline = in(Duration.ofMillis(1_500));

        RetryPolicy.Retried retried = policy.retry(FAILED, failing, deadline).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(System.nanoTime()).as("ended before the deadline").isLessThan(deadline);
        assertThat(retried.deadlineReached()).isTrue();
        // waits of at most 100, 150, 300, 600 ms fit in 1.5 s; the next (up to 1.2 s) cannot
        assertThat(retried.attempts()).isBetween(3, 5).isEqualTo(attempts.get());
        assertThat(retried.outcome()).isEqualTo(FAILED);
    }

    @Test
    void anOutcomeThatIsNotRetryableIsTheLastWhateverTheDeadline() {
        RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5));
        Outcome rejected = new Outcome.Rejected("f", "bad", null, null);

        RetryPolicy.Retried retried = policy.retry(rejected, failing, in(Duration.ofMillis(-1))).toCompletableFuture()
                .join();

        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(retried.deadlineReached()).isFalse();
    }
}

package dev.bindery.examples.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waiting, in the secrets and security tests, for what happens in the background (a rotation noticed, writes going on). */
public final class Await {

    private Await() {
    }

    /** Waits up to 20 s. */
    public static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, Duration.ofSeconds(20), condition);
    }

    /** @throws AssertionError naming what did not happen in time */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}

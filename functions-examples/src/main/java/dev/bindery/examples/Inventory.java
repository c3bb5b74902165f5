package dev.bindery.examples;

import io.quarkus.funqy.Funq;

/**
 * Shows the retry contract: a function that throws is answered 500, which Knative (or a queue) retries. The request
 * says whether to fail, so the behaviour is easy to try.
 */
public class Inventory {

    /**
     * A stock check; {@code failWith} makes it fail with that message, {@code delayMs} makes it take that long (a slow
     * backend, to watch a graceful shutdown finish it).
     */
    public static class StockCheck {
        private String item;
        private String failWith;
        private long delayMs;

        public long getDelayMs() {
            return delayMs;
        }

        public void setDelayMs(long delayMs) {
            this.delayMs = delayMs;
        }

        public String getItem() {
            return item;
        }

        public void setItem(String item) {
            this.item = item;
        }

        public String getFailWith() {
            return failWith;
        }

        public void setFailWith(String failWith) {
            this.failWith = failWith;
        }
    }

    /** The answer of a stock check. */
    public record Stock(String item, int available) {
    }

    @Funq
    public Stock checkStock(StockCheck check) throws InterruptedException {
        if (check.getDelayMs() > 0) {
            Thread.sleep(Math.min(check.getDelayMs(), 30_000));
        }
        if (check.getFailWith() != null) {
            throw new IllegalStateException(check.getFailWith());
        }
        return new Stock(check.getItem(), check.getItem() == null ? 0 : check.getItem().length());
    }
}

package dev.bindery.internal.stages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.bindery.internal.state.ScopedStateStore;
import dev.bindery.internal.state.UnitOfWork;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.state.ETagMismatchException;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateOperation;
import dev.bindery.state.StateStore;

/**
 * Skips events already processed: an event whose {@code source} and {@code id} were processed before (within the
 * policy's time to live) ends as {@link Outcome.NoReply} marked duplicate without reaching its function. An event is
 * remembered once its function succeeded; a failure is not remembered, so a retry runs again. Which dispatches are
 * checked, and in which store, is the policy's decision (per function and per transport). Store calls run on the
 * given executor, never on an event loop.
 * <p>
 * What the function writes to the store that remembers the event, on its own thread while it runs, is held and
 * committed in one transaction with the mark once it succeeded (see {@link UnitOfWork}): a crash cannot leave the
 * writes applied without the mark, so a redelivery never applies them twice. A failed function's writes to that
 * store are dropped. Writes to other stores, and from asynchronous continuations, apply at once, at least once.
 */
public final class IdempotencyStage implements Stage {

    /** Runs of a function whose writes conflicted with another writer's, before the event fails. */
    static final int MAX_ATTEMPTS = 5;

    /** Where and for how long the events of one dispatch are remembered. */
    public record Remember(StateStore store, Duration ttl) {
    }

    private final String appId;
    private final Function<Dispatch, Optional<Remember>> policy;
    private final Executor blocking;

    /**
     * @param appId scopes the remembered keys to the application
     * @param policy for a dispatch: where to remember it, or empty to let duplicates through
     * @param blocking runs the store calls
     */
    public IdempotencyStage(String appId, Function<Dispatch, Optional<Remember>> policy, Executor blocking) {
        this.appId = appId;
        this.policy = policy;
        this.blocking = blocking;
    }

    @Override
    public int order() {
        return IDEMPOTENCY;
    }

    @Override
    public CompletionStage<Outcome> apply(Dispatch dispatch, Chain next) {
        Optional<Remember> remember = policy.apply(dispatch);
        if (remember.isEmpty()) {
            return next.proceed(dispatch);
        }
        StateStore store = remember.get().store();
        String key = key(dispatch);
        return CompletableFuture.supplyAsync(() -> store.get(key).isPresent(), blocking).thenCompose(seen -> {
            if (seen) {
                return CompletableFuture.completedFuture(new Outcome.NoReply(dispatch.function(), true));
            }
            if (store instanceof ScopedStateStore scoped) {
                return new Transaction(dispatch, next, scoped, key, remember.get().ttl()).run(1);
            }
            return next.proceed(dispatch).thenCompose(outcome -> outcome.succeeded()
                    ? CompletableFuture.supplyAsync(() -> remembered(store, key, remember.get().ttl(), outcome),
                            blocking)
                    : CompletableFuture.completedFuture(outcome));
        });
    }

    /**
     * One event's function run with its writes to the mark's store held, then committed with the mark: the function's
     * writes and the mark are applied together or not at all. The mark is insert-only, so of two deliveries of one
     * event running at once only one commits; the other ends as a duplicate. When another writer changed a key the
     * function read, the commit fails as a whole and the function runs again on fresh reads, a few times, before the
     * event fails (and is retried by its transport).
     */
    private final class Transaction {
        private final Dispatch dispatch;
        private final Chain next;
        private final ScopedStateStore store;
        private final String key;
        private final Duration ttl;
        private UnitOfWork work;

        Transaction(Dispatch dispatch, Chain next, ScopedStateStore store, String key, Duration ttl) {
            this.dispatch = dispatch;
            this.next = next;
            this.store = store;
            this.key = key;
            this.ttl = ttl;
            dispatch.aroundFunction(() -> work.enter());
        }

        CompletionStage<Outcome> run(int attempt) {
            work = new UnitOfWork(store.name());
            return next.proceed(dispatch).thenCompose(outcome -> outcome.succeeded()
                    ? CompletableFuture.supplyAsync(() -> commit(outcome, attempt), blocking)
                            .thenCompose(committed -> committed != null
                                    ? CompletableFuture.completedFuture(committed)
                                    : again(attempt + 1))
                    : CompletableFuture.completedFuture(outcome));
        }

        /** @return the outcome, or null to run the function again */
        private Outcome commit(Outcome outcome, int attempt) {
            try {
                store.commit(work, List.of(StateOperation.save(key, true, SaveOptions.ifAbsent().withTtl(ttl))));
                return outcome;
            } catch (ETagMismatchException e) {
                if (key.equals(e.key())) {
                    return new Outcome.NoReply(dispatch.function(), true);
                }
                if (attempt < MAX_ATTEMPTS) {
                    return null;
                }
                return new Outcome.Failed(dispatch.function(), "The state that function '" + dispatch.function()
                        + "' writes changed concurrently " + MAX_ATTEMPTS + " times in a row (last: key '" + e.key()
                        + "'); nothing was applied", e);
            } catch (RuntimeException e) {
                return Outcome.HostFailure.of(dispatch.function(), "The state writes of function '"
                        + dispatch.function() + "' did not commit (nothing was applied): " + e, e, dispatch.event());
            }
        }

        private CompletionStage<Outcome> again(int attempt) {
            long pause = ThreadLocalRandom.current().nextLong(1, 1L << Math.min(attempt, 6));
            return CompletableFuture.supplyAsync(() -> null,
                    CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS, blocking))
                    .thenCompose(ignored -> run(attempt));
        }
    }

    /**
     * The key of a processed event: the same for the same event on every transport. The source is URL-encoded, so it
     * holds no {@code /} and the key is unambiguous whatever the source and id contain.
     */
    String key(Dispatch dispatch) {
        return "processed/" + appId + "/" + URLEncoder.encode(dispatch.event().getSource().toString(),
                StandardCharsets.UTF_8) + "/" + dispatch.event().getId();
    }

    private static Outcome remembered(StateStore store, String key, Duration ttl, Outcome outcome) {
        try {
            store.save(key, true, SaveOptions.NONE.withTtl(ttl));
        } catch (RuntimeException e) {
            // the event was processed; a later duplicate would be processed again, which at-least-once allows
        }
        return outcome;
    }
}

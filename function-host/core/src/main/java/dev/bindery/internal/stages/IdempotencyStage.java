package dev.bindery.internal.stages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.state.SaveOptions;
import dev.bindery.state.StateStore;

/**
 * Skips events already processed: an event whose {@code source} and {@code id} were processed before (within the
 * policy's time to live) ends as {@link Outcome.NoReply} marked duplicate without reaching its function. An event is
 * remembered once its function succeeded; a failure is not remembered, so a retry runs again. Which dispatches are
 * checked, and in which store, is the policy's decision (per function and per transport). Store calls run on the
 * given executor, never on an event loop.
 */
public final class IdempotencyStage implements Stage {

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
            return next.proceed(dispatch).thenCompose(outcome -> outcome.succeeded()
                    ? CompletableFuture.supplyAsync(() -> remembered(store, key, remember.get().ttl(), outcome),
                            blocking)
                    : CompletableFuture.completedFuture(outcome));
        });
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

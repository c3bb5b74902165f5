package dev.bindery.internal.actors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.bindery.actors.ActorLifecycle;
import dev.bindery.actors.Schedule;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.state.StateBackend.Stored;
import dev.bindery.spi.state.StateBackend.Write;
import dev.bindery.state.ETagMismatchException;

/**
 * One actor active on this member: its instance, its lease, what it has read of its state, its timers, and its
 * mailbox. Calls are queued and run one turn at a time, in order; a turn's writes are saved in one transaction that
 * also rewrites the lease with its ETag, so that once another member took the lease over, nothing this activation
 * saves is accepted. Thread-safe: the mailbox hands each turn to one worker at a time.
 */
final class Activation {

    private static final Logger LOG = Logger.getLogger(Activation.class.getName());

    /** A call waiting for its turn. */
    record Job(String method, String chain, boolean keepsAlive, Function<Turn, CompletionStage<Outcome>> body,
            CompletableFuture<Outcome> result) {

        Job(String method, String chain, boolean keepsAlive, Function<Turn, CompletionStage<Outcome>> body) {
            this(method, chain, keepsAlive, body, new CompletableFuture<>());
        }
    }

    enum Status {
        NEW, ACTIVE, DEAD
    }

    final ActorRuntime runtime;
    final ActorType type;
    final String id;
    final String key;
    private final String leaseKey;
    private final Queue<Job> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<String, Optional<Stored>> cache = new HashMap<>();
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    volatile Status status = Status.NEW;
    volatile long lastUsed;
    /** The call chain of the turn running now, or null. */
    volatile String runningChain;
    /** How deep the running chain re-entered this actor. */
    volatile int depth;
    private volatile boolean deactivating;
    /** Completes when the activation is gone. */
    final CompletableFuture<Void> gone = new CompletableFuture<>();
    private Object instance;
    private String leaseEtag;

    Activation(ActorRuntime runtime, ActorType type, String id, String key) {
        this.runtime = runtime;
        this.type = type;
        this.id = id;
        this.key = key;
        this.leaseKey = ActorKeys.lease(key);
        this.lastUsed = runtime.clock.millis();
    }

    /** Queues a call; it runs when the calls before it are done. */
    void submit(Job job) {
        if (job.keepsAlive) {
            lastUsed = runtime.clock.millis();
        }
        mailbox.add(job);
        runtime.observer.queue(type.name(), 1);
        drain();
    }

    /** Runs a call of the chain that is in this actor's turn now (reentrancy), without waiting for that turn. */
    void reenter(Job job) {
        depth++;
        runtime.executor.execute(() -> run(job).whenComplete((o, e) -> depth--));
    }

    boolean idle(long now) {
        return mailbox.isEmpty() && !running.get() && now - lastUsed >= type.idleTimeout().toMillis();
    }

    /** Queues the deactivation behind the calls already queued (an actor that moved finishes those first). */
    void deactivate(String why) {
        if (deactivating) {
            return;
        }
        deactivating = true;
        submit(new Job("$deactivate", null, false, turn -> {
            deactivateNow(turn, why);
            return CompletableFuture.completedFuture(new Outcome.NoReply(type.name(), false));
        }));
    }

    private void drain() {
        while (running.compareAndSet(false, true)) {
            Job job = mailbox.poll();
            if (job == null) {
                running.set(false);
                if (mailbox.isEmpty()) {
                    return;
                }
                continue;
            }
            runtime.observer.queue(type.name(), -1);
            if (status == Status.DEAD) {
                running.set(false);
                runtime.resubmit(this, job);
                continue;
            }
            runningChain = job.chain;
            runtime.executor.execute(() -> run(job).whenComplete((outcome, failure) -> {
                runningChain = null;
                running.set(false);
                drain();
            }));
            return;
        }
    }

    /** Runs one turn on the worker: activates when needed, runs the body, saves the turn when it succeeded. */
    private CompletionStage<Outcome> run(Job job) {
        long started = System.nanoTime();
        Turn turn = new Turn(this, job.method, job.chain);
        CompletionStage<Outcome> outcome;
        try {
            if (status == Status.DEAD) {
                runtime.resubmit(this, job);
                return job.result;
            }
            if (status == Status.NEW) {
                activate(turn);
            }
            outcome = job.body.apply(turn);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.completedFuture(runtime.hostFailure(type.name(), job.method, e));
        }
        CompletionStage<Outcome> saved = outcome.thenApply(result -> finish(turn, result));
        return saved.whenComplete((result, failure) -> {
            Outcome done = failure != null ? runtime.hostFailure(type.name(), job.method, failure) : result;
            runtime.observer.turn(type.name(), job.method, System.nanoTime() - started, done.succeeded());
            job.result.complete(done);
        });
    }

    private Outcome finish(Turn turn, Outcome outcome) {
        if (!outcome.succeeded() || outcome instanceof Outcome.NoReply noReply && noReply.duplicate()) {
            return outcome;
        }
        try {
            commit(turn);
            return outcome;
        } catch (ActorMovedException moved) {
            return runtime.moved(type.name(), turn.method, moved);
        } catch (ClaimTakenException claimed) {
            return new Outcome.NoReply(outcome.function().orElse(type.name()), true);
        }
    }

    private void activate(Turn turn) {
        acquireLease();
        instance = type.factory().get();
        status = Status.ACTIVE;
        runtime.observer.activated(type.name());
        if (instance instanceof ActorLifecycle lifecycle) {
            lifecycle.onActivate(turn);
        }
    }

    /**
     * Takes the actor's lease: insert-only when there is none; over a lease of an earlier run of this member or of a
     * member that left; over a live member's lease only after the drain time (its saves fail from then on).
     */
    private void acquireLease() {
        StateBackend backend = runtime.backend;
        long deadline = runtime.clock.millis() + runtime.settings.drainTimeout().toMillis();
        while (true) {
            Optional<Stored> current = backend.get(leaseKey);
            try {
                if (current.isEmpty()) {
                    leaseEtag = backend.put(leaseKey, leaseValue(1), null, true, null);
                    return;
                }
                Lease held = Lease.parse(current.get().value());
                boolean mine = runtime.incarnation.equals(held.incarnation());
                if (mine || !backend.isMember(held.member()) || held.member().equals(backend.member())
                        || runtime.clock.millis() >= deadline) {
                    if (!mine && backend.isMember(held.member()) && !held.member().equals(backend.member())) {
                        LOG.warning("Actor " + key + " is taken over from member " + held.member()
                                + ", which did not let go within the drain time; its saves are refused from now on");
                    }
                    leaseEtag = backend.put(leaseKey, leaseValue(held.epoch() + 1), current.get().etag(), false, null);
                    return;
                }
            } catch (ETagMismatchException raced) {
                // another member changed the lease between the read and the write: read it again
            }
            sleep(10);
        }
    }

    private byte[] leaseValue(long epoch) {
        return new Lease(epoch, runtime.backend.member(), runtime.incarnation).encode();
    }

    /** Saves the turn: its writes and the lease, in one transaction conditional on the lease's ETag. */
    void commit(Turn turn) {
        if (turn.dirty()) {
            List<Write> writes = new ArrayList<>(turn.writes.size() + 3);
            // the fence: the lease is locked and must still be this activation's when the transaction commits
            writes.add(Write.check(leaseKey, leaseEtag));
            turn.writes.forEach((k, pending) -> writes.add(new Write(k, pending.value(), null, false, pending.ttl())));
            turn.reminderWrites.forEach((name, record) -> writes.add(new Write(ActorKeys.reminder(key, name),
                    record == null ? null : runtime.bytes(record), null, false, null)));
            if (turn.claim != null) {
                writes.add(new Write(turn.claim, runtime.claimValue(), null, true, turn.claimTtl));
            }
            try {
                runtime.backend.apply(writes);
            } catch (ETagMismatchException mismatch) {
                throw staleOrClaimed(turn, mismatch);
            }
            Instant now = runtime.clock.instant();
            turn.writes.forEach((k, pending) -> cache.put(k, pending.value() == null
                    ? Optional.empty()
                    : Optional.of(new Stored(pending.value(), null, pending.ttl() == null
                            ? null
                            : now.plus(pending.ttl())))));
            turn.reminderWrites.forEach((name, record) -> {
                String reminderKey = ActorKeys.reminder(key, name);
                if (record == null) {
                    runtime.reminders.unschedule(reminderKey);
                } else {
                    runtime.reminders.schedule(reminderKey, record);
                }
            });
        }
        turn.afterCommit.forEach(Runnable::run);
    }

    private RuntimeException staleOrClaimed(Turn turn, ETagMismatchException mismatch) {
        Optional<Stored> lease = runtime.backend.get(leaseKey);
        if (lease.isPresent() && leaseEtag.equals(lease.get().etag())) {
            return new ClaimTakenException(turn.claim);
        }
        LOG.warning("Actor " + key + " lost its lease to another member; this activation's changes are refused and "
                + "it deactivates");
        status = Status.DEAD;
        runtime.forget(this);
        stopTimers();
        gone.complete(null);
        return new ActorMovedException("Actor " + type.name() + "/" + id + " moved to another member", mismatch);
    }

    /** Reads a state entry, from what this activation read before when it can (it holds the lease: no one else writes). */
    Stored read(String stateKey) {
        Optional<Stored> cached = cache.get(stateKey);
        if (cached == null) {
            cached = runtime.backend.get(stateKey);
            cache.put(stateKey, cached);
        }
        if (cached.isPresent() && cached.get().expiresAt() != null
                && !cached.get().expiresAt().isAfter(runtime.clock.instant())) {
            return null;
        }
        return cached.orElse(null);
    }

    void requireMethod(String method) {
        if (!type.methods().contains(method)) {
            throw new IllegalArgumentException("Actor type " + type.name() + " has no method '" + method + "'");
        }
    }

    void startTimer(String name, Schedule schedule, String callback, String data) {
        cancelTimer(name);
        Schedule.Plan plan = schedule.resolve(runtime.clock.instant());
        scheduleTimer(name, plan, plan.firstDue(), 1, callback, data);
    }

    private void scheduleTimer(String name, Schedule.Plan plan, Instant due, int fires, String callback, String data) {
        if (status == Status.DEAD) {
            return;
        }
        long delay = Math.max(0, due.toEpochMilli() - runtime.clock.millis());
        timers.put(name, runtime.scheduler.schedule(() -> runtime.fireTimer(this, name, callback, data)
                .whenComplete((o, e) -> plan.next(due, fires)
                        .ifPresentOrElse(next -> scheduleTimer(name, plan, next, fires + 1, callback, data),
                                () -> timers.remove(name))),
                delay, TimeUnit.MILLISECONDS));
    }

    void cancelTimer(String name) {
        ScheduledFuture<?> timer = timers.remove(name);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void stopTimers() {
        timers.values().forEach(timer -> timer.cancel(false));
        timers.clear();
    }

    private void deactivateNow(Turn turn, String why) {
        if (status == Status.ACTIVE) {
            try {
                if (instance instanceof ActorLifecycle lifecycle) {
                    lifecycle.onDeactivate(turn);
                }
                commit(turn);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Actor " + key + " failed to deactivate cleanly (" + why + ")", e);
            }
            try {
                runtime.backend.remove(leaseKey, leaseEtag);
            } catch (RuntimeException e) {
                // another member took it over already: nothing to let go
            }
            type.destroyer().accept(instance);
            runtime.observer.deactivated(type.name());
        }
        instance = null;
        stopTimers();
        status = Status.DEAD;
        runtime.forget(this);
        gone.complete(null);
    }

    Object instance() {
        return instance;
    }

    /** The lease: which run of which member holds the actor, and how many times it changed hands. */
    record Lease(long epoch, String member, String incarnation) {

        byte[] encode() {
            return (epoch + "|" + incarnation + "|" + member).getBytes(StandardCharsets.UTF_8);
        }

        static Lease parse(byte[] value) {
            String text = new String(value, StandardCharsets.UTF_8);
            int first = text.indexOf('|');
            int second = text.indexOf('|', first + 1);
            if (first < 0 || second < 0) {
                return new Lease(0, "", UUID.randomUUID().toString());
            }
            return new Lease(Long.parseLong(text.substring(0, first)), text.substring(second + 1),
                    text.substring(first + 1, second));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for an actor's lease", e);
        }
    }
}

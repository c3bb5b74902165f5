package dev.bindery.internal.actors;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.bindery.actors.ActorContext;
import dev.bindery.internal.actors.Activation.Job;
import dev.bindery.security.Caller;
import dev.bindery.spi.actors.ActorForwarder;
import dev.bindery.spi.actors.ActorObserver;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.Dispatcher;
import dev.bindery.spi.dispatch.Outcome;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.spi.state.StateBackend;
import dev.bindery.spi.support.DeadLetters;

/**
 * The actors of this member: activates them on demand, runs their calls as turns (one at a time per actor, in order),
 * sends calls for actors owned by other members to them, fires timers and the reminders of the actors owned here,
 * deactivates idle actors and actors that moved. Its {@link #stage()} is the pipeline's actor stage, so calls from
 * every transport take turns the same way. Thread-safe; one per host.
 */
public final class ActorRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ActorRuntime.class.getName());
    /** The transport name of calls made by {@link DispatchingActorClient}. */
    public static final String TRANSPORT = "actor";
    /** The transport name of reminder firings. */
    public static final String REMINDER_TRANSPORT = "actor-reminder";
    /** The transport name of timer firings. */
    public static final String TIMER_TRANSPORT = "actor-timer";
    /** Where the actor stage runs: after security, before idempotency (which then runs inside the turn). */
    public static final int STAGE_ORDER = 250;
    private static final int MAX_HOPS = 2;
    /** Every how many scans the reminders owned here are read again. */
    private static final int RESCAN_EVERY = 10;
    private static final URI SOURCE = URI.create("/bindery/actors");

    /** An actor method, by its function name. */
    private record MethodOf(ActorType type, String method) {
    }

    final StateBackend backend;
    final ObjectMapper mapper;
    final Clock clock;
    final Executor executor;
    final ActorSettings settings;
    final ActorKeys keys;
    final ActorObserver observer;
    final ScheduledExecutorService scheduler;
    final ReminderScheduler reminders;
    /** This run of this member: a lease names it, so that a restarted member knows its old leases. */
    final String incarnation = UUID.randomUUID().toString();
    private final Map<String, ActorType> types = new HashMap<>();
    private final Map<String, MethodOf> byFunction = new HashMap<>();
    private final Map<String, Activation> activations = new ConcurrentHashMap<>();
    private final Map<String, String> memberUrls = new ConcurrentHashMap<>();
    private final ActorForwarder forwarder;
    private final Consumer<CloudEvent> deadLetters;
    private final Credentials self;
    private final Stage stage = new ActorStage();
    private volatile Dispatcher dispatcher;
    private AutoCloseable ownership;
    private long scans;

    /**
     * @param types the application's actor types
     * @param backend the actors' state store
     * @param mapper the application's mapper: state values and method data
     * @param executor where turns run (the host's workers: turns may block)
     * @param forwarder sends calls to other members; null when not clustered
     * @param deadLetters takes the dead letter of a reminder whose firings failed
     */
    public ActorRuntime(List<ActorType> types, StateBackend backend, ObjectMapper mapper, Clock clock,
            Executor executor, ActorSettings settings, ActorForwarder forwarder, ActorObserver observer,
            Consumer<CloudEvent> deadLetters) {
        this.backend = backend;
        this.mapper = mapper;
        this.clock = clock;
        this.executor = executor;
        this.settings = settings;
        this.keys = new ActorKeys(settings.appId());
        this.forwarder = forwarder;
        this.observer = observer == null ? ActorObserver.NONE : observer;
        this.deadLetters = deadLetters;
        this.self = Credentials.verified(Caller.app(settings.appId()));
        for (ActorType type : types) {
            if (this.types.put(type.name(), type) != null) {
                throw new IllegalArgumentException("Two actor types are named '" + type.name() + "'");
            }
            type.methods().forEach(m -> byFunction.put(ActorAddress.function(type.name(), m), new MethodOf(type, m)));
        }
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "bindery-actor-timers");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        this.scheduler = timers;
        this.reminders = new ReminderScheduler(this);
    }

    /** @return the pipeline's actor stage */
    public Stage stage() {
        return stage;
    }

    /** @return the actor types by name (unmodifiable) */
    public Map<String, ActorType> types() {
        return Collections.unmodifiableMap(types);
    }

    /**
     * Starts the runtime: advertises this member's URL, schedules the reminders owned here and looks for idle actors
     * and moved reminders every scan interval.
     *
     * @param dispatcher where timers and reminders are dispatched (the host's, whose stages include {@link #stage()})
     */
    public void start(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
        if (settings.advertisedUrl() != null && !StateBackend.LOCAL_MEMBER.equals(backend.member())) {
            backend.put(keys.member(backend.member()), settings.advertisedUrl().getBytes(StandardCharsets.UTF_8),
                    null, false, null);
        }
        ownership = backend.onOwnershipChange(() -> executor.execute(this::ownershipChanged));
        reminders.rescan();
        long scan = settings.scanInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::scan, scan, scan, TimeUnit.MILLISECONDS);
    }

    /** @return how many actors are active on this member */
    public int activeCount() {
        return activations.size();
    }

    /** @return how many reminders this member has scheduled */
    public int scheduledReminders() {
        return reminders.size();
    }

    /** @return the base URL of the member that owns the actor, or empty when it is this member */
    public Optional<String> ownerUrl(String type, String id) {
        String key = keys.actor(type, id);
        return backend.ownedHere(key) ? Optional.empty() : Optional.ofNullable(urlOf(backend.ownerOf(key)));
    }

    /**
     * Runs work on the actor as a turn of its own (the Dapr API's state and reminder operations), on this member.
     *
     * @return completes with what the work returned, or with its failure
     */
    public <T> CompletionStage<T> withActor(String typeName, String id, Function<ActorContext, T> work) {
        ActorType type = types.get(typeName);
        if (type == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("No actor type is named '"
                    + typeName + "'"));
        }
        CompletableFuture<T> value = new CompletableFuture<>();
        Job job = new Job("$api", null, false, turn -> {
            value.complete(work.apply(turn));
            return CompletableFuture.completedFuture(new Outcome.NoReply(typeName, false));
        });
        activation(type, id, keys.actor(typeName, id)).submit(job);
        return job.result().thenCompose(outcome -> {
            if (outcome.failure().orElse(null) instanceof RerouteSignal) {
                return withActor(typeName, id, work); // the activation went away before the turn: a new one runs it
            }
            if (!outcome.succeeded()) {
                Throwable cause = outcome.failure().orElse(new IllegalStateException(outcome.reason().orElse("")));
                value.completeExceptionally(cause);
            }
            return value;
        });
    }

    private Activation activation(ActorType type, String id, String key) {
        return activations.computeIfAbsent(key, k -> new Activation(this, type, id, k));
    }

    private CompletionStage<Outcome> route(Stage.Dispatch dispatch, Stage.Chain next) {
        MethodOf method = byFunction.get(dispatch.function());
        if (method == null) {
            return next.proceed(dispatch);
        }
        CloudEvent event = dispatch.event();
        String id = ActorAddress.extension(event, ActorAddress.ID);
        String invalid = ActorKeys.invalid("id", id);
        if (invalid != null) {
            return CompletableFuture.completedFuture(new Outcome.Rejected(dispatch.function(), invalid
                    + ": a call to actor method '" + dispatch.function() + "' names the actor in the '"
                    + ActorAddress.ID + "' attribute", ActorAddress.ID, null));
        }
        ActorType type = method.type;
        String key = keys.actor(type.name(), id);
        String transport = dispatch.request().transport();
        if (!backend.ownedHere(key)) {
            if (REMINDER_TRANSPORT.equals(transport) || TIMER_TRANSPORT.equals(transport)) {
                // the actor moved since this member scheduled it: its new owner fires its reminders, and its timers
                // died with the activation here
                return CompletableFuture.completedFuture(new Outcome.NoReply(dispatch.function(), true));
            }
            return forward(dispatch, type, key);
        }
        String chain = ActorAddress.extension(event, ActorAddress.CHAIN);
        if (chain == null) {
            chain = UUID.randomUUID().toString();
        }
        String reminder = REMINDER_TRANSPORT.equals(transport)
                ? ActorAddress.extension(event, ActorAddress.REMINDER)
                : null;
        Function<Turn, CompletionStage<Outcome>> body = turn -> {
            if (reminder != null) {
                Outcome skipped = claimReminder(turn, reminder, Long.parseLong(ActorAddress.extension(event,
                        ActorAddress.DUE)), dispatch.function());
                if (skipped != null) {
                    return CompletableFuture.completedFuture(skipped);
                }
            }
            dispatch.aroundFunction(() -> CurrentTurn.enter(turn));
            return next.proceed(dispatch);
        };
        Job job = new Job(method.method, chain, !TIMER_TRANSPORT.equals(transport), body);
        Activation activation = activation(type, id, key);
        if (chain.equals(activation.runningChain)) {
            if (!type.reentrant()) {
                return CompletableFuture.completedFuture(new Outcome.Rejected(dispatch.function(), "Actor "
                        + type.name() + "/" + id + " is already in this call chain, and type " + type.name()
                        + " does not allow reentrancy (bindery.actors.types.\"" + type.name()
                        + "\".reentrancy)", null, null));
            }
            if (activation.depth + 1 >= type.maxDepth()) {
                return CompletableFuture.completedFuture(new Outcome.Rejected(dispatch.function(), "The call chain "
                        + "re-entered actor " + type.name() + "/" + id + " more than " + type.maxDepth()
                        + " times (bindery.actors.reentrancy.max-stack-depth)", null, null));
            }
            activation.reenter(job);
        } else {
            activation.submit(job);
        }
        return job.result().thenCompose(outcome -> outcome.failure().orElse(null) instanceof RerouteSignal
                ? route(dispatch, next)
                : CompletableFuture.completedFuture(outcome));
    }

    /**
     * Before a reminder's turn: the firing is skipped when the reminder is gone or this due time was already fired
     * (by this member or one that owned the actor before); else the turn will save the claim and the next due time.
     */
    private Outcome claimReminder(Turn turn, String name, long due, String function) {
        String actor = turn.activation.key;
        Optional<ReminderRecord> record = reminders.load(ActorKeys.reminder(actor, name));
        String claim = ActorKeys.fired(actor, name, due);
        // gone, or fired already (its next due time is saved with the firing); a firing of this due time saved by
        // another turn meanwhile makes this turn's insert-only claim fail at commit
        if (record.isEmpty() || record.get().due() > due) {
            return new Outcome.NoReply(function, true);
        }
        turn.claim = claim;
        turn.claimTtl = record.get().claimTtl();
        turn.reminderWrites.put(name, record.get().after(due).orElse(null));
        return null;
    }

    private CompletionStage<Outcome> forward(Stage.Dispatch dispatch, ActorType type, String key) {
        String hopsText = ActorAddress.extension(dispatch.event(), ActorAddress.HOPS);
        int hops = hopsText == null ? 0 : parseHops(hopsText);
        String url = urlOf(backend.ownerOf(key));
        if (forwarder == null || url == null || hops >= MAX_HOPS) {
            return CompletableFuture.completedFuture(moved(type.name(), dispatch.function(), new ActorMovedException(
                    "Actor " + key + " is owned by member " + backend.ownerOf(key) + ", which "
                            + (url == null ? "advertises no URL" : "did not take the call"),
                    null)));
        }
        observer.forwarded(type.name());
        return forwarder.forward(url, dispatch.request(), hops);
    }

    private static int parseHops(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return MAX_HOPS;
        }
    }

    private String urlOf(String member) {
        String known = memberUrls.get(member);
        if (known != null) {
            return known;
        }
        Optional<String> url = backend.get(keys.member(member)).map(s -> new String(s.value(),
                StandardCharsets.UTF_8));
        url.ifPresent(u -> memberUrls.put(member, u));
        return url.orElse(null);
    }

    /** A dead activation's queued call goes through routing again (to a new activation, or to the new owner). */
    void resubmit(Activation dead, Job job) {
        job.result().complete(new Outcome.HostFailure(dead.type.name(), "rerouted", new RerouteSignal(), null));
    }

    void forget(Activation activation) {
        activations.remove(activation.key, activation);
    }

    Outcome hostFailure(String type, String method, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                ? c.getCause()
                : failure;
        if (cause instanceof ActorMovedException moved) {
            return moved(type, method, moved);
        }
        return Outcome.HostFailure.of(ActorAddress.function(type, method), "The actor runtime failed a turn of "
                + type + "." + method + ": " + cause, cause, null);
    }

    Outcome moved(String type, String function, ActorMovedException moved) {
        return Outcome.HostFailure.of(function, moved.getMessage(), moved, null);
    }

    CompletionStage<Outcome> fireReminder(String key, ReminderRecord record, long due) {
        String[] parts = typeAndId(ActorKeys.actorOfReminder(key));
        return dispatch(reminderEvent(key, record, due), ActorAddress.function(parts[0], record.callback()),
                REMINDER_TRANSPORT);
    }

    /** @return the event of a reminder's firing: its id is the same for the same due time, wherever it fires */
    private CloudEvent reminderEvent(String key, ReminderRecord record, long due) {
        String actor = ActorKeys.actorOfReminder(key);
        String[] parts = typeAndId(actor);
        return event(parts[0], parts[1], record.callback(), record.data(), actor + "/" + record.name() + "/" + due)
                .withExtension(ActorAddress.REMINDER, record.name())
                .withExtension(ActorAddress.DUE, Long.toString(due))
                .build();
    }

    CompletionStage<Outcome> fireTimer(Activation activation, String name, String callback, String data) {
        CloudEvent event = event(activation.type.name(), activation.id, callback, data, UUID.randomUUID().toString())
                .withExtension(ActorAddress.TIMER, name)
                .build();
        return dispatch(event, ActorAddress.function(activation.type.name(), callback), TIMER_TRANSPORT);
    }

    private CompletionStage<Outcome> dispatch(CloudEvent event, String function, String transport) {
        Dispatcher target = dispatcher;
        if (target == null) {
            return CompletableFuture.completedFuture(new Outcome.HostFailure(function, "The actor runtime is not "
                    + "started", null, "0"));
        }
        return target.dispatch(new DispatchRequest(event, new DispatchRequest.Function(function), transport, self));
    }

    private CloudEventBuilder event(String type, String id, String method, String data, String eventId) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(eventId)
                .withSource(SOURCE)
                .withType(ActorAddress.function(type, method))
                .withExtension(ActorAddress.TYPE, type)
                .withExtension(ActorAddress.ID, id)
                .withExtension(ActorAddress.METHOD, method);
        if (data != null) {
            builder.withData("application/json", data.getBytes(StandardCharsets.UTF_8));
        }
        return builder;
    }

    void deadLetterReminder(String key, ReminderRecord record, long due, int attempts, String reason) {
        String[] parts = typeAndId(ActorKeys.actorOfReminder(key));
        CloudEvent letter = DeadLetters.of(reminderEvent(key, record, due), reason, attempts,
                new DeadLetters.Origin(REMINDER_TRANSPORT,
                        parts[0], parts[1] + "/" + record.name()));
        LOG.warning("Reminder " + record.name() + " of actor " + parts[0] + "/" + parts[1] + " due at " + due
                + " failed " + attempts + " times and goes to the dead letters: " + reason);
        if (deadLetters != null) {
            deadLetters.accept(letter);
        }
    }

    private String[] typeAndId(String actor) {
        int start = keys.appPrefix().length();
        int split = actor.indexOf(ActorKeys.SEPARATOR, start);
        return new String[]{actor.substring(start, split), actor.substring(split + ActorKeys.SEPARATOR.length())};
    }

    String json(Object data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The data does not serialize to JSON: " + e.getOriginalMessage(), e);
        }
    }

    byte[] bytes(ReminderRecord record) {
        try {
            return mapper.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] claimValue() {
        return (backend.member() + "|" + incarnation).getBytes(StandardCharsets.UTF_8);
    }

    private void scan() {
        try {
            long now = clock.millis();
            for (Activation activation : activations.values()) {
                if (activation.idle(now)) {
                    activation.deactivate("idle");
                }
            }
            // reminders are scheduled when saved and re-read when ownership changes; reading them all again now and
            // then only catches what those missed (it walks every key of the member, so not on the timer thread)
            if (++scans % RESCAN_EVERY == 0) {
                executor.execute(this::rescanReminders);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The actor scan failed; it runs again in " + settings.scanInterval(), e);
        }
    }

    private void rescanReminders() {
        try {
            reminders.rescan();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reading the reminders owned here failed; the next scan retries", e);
        }
    }

    private void ownershipChanged() {
        try {
            for (Activation activation : activations.values()) {
                if (!backend.ownedHere(activation.key)) {
                    activation.deactivate("moved");
                }
            }
            memberUrls.keySet().removeIf(member -> !backend.isMember(member));
            reminders.rescan();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Moving actors after an ownership change failed; the next scan retries", e);
        }
    }

    /** Deactivates every actor (waiting up to the drain time) and stops the timers and reminders. */
    @Override
    public void close() {
        try {
            if (ownership != null) {
                ownership.close();
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing the ownership listener failed", e);
        }
        reminders.stop();
        List<CompletableFuture<Void>> done = activations.values().stream().map(a -> {
            a.deactivate("stopping");
            return a.gone;
        }).toList();
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warning("Not every actor deactivated within " + settings.drainTimeout() + "; their leases are taken "
                    + "over by the next owner");
        }
        scheduler.shutdownNow();
    }

    /** Marks a call that must be routed again: its activation deactivated before the call's turn. */
    private static final class RerouteSignal extends RuntimeException {
        RerouteSignal() {
            super("rerouted", null, false, false);
        }
    }

    /** The pipeline's actor stage. */
    private final class ActorStage implements Stage {
        @Override
        public int order() {
            return STAGE_ORDER;
        }

        @Override
        public CompletionStage<Outcome> apply(Dispatch dispatch, Chain next) {
            return route(dispatch, next);
        }
    }
}

package dev.bindery.runtime.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.bindery.spi.actors.ActorObserver;

/**
 * The actors' metrics, per actor type: {@code bindery.actors.active} and {@code bindery.actor.queue.depth} (gauges),
 * {@code bindery.actor.turns} (counter, tagged {@code method} and {@code outcome}: {@code success} or
 * {@code failure}) and {@code bindery.actor.turn} (timer, tagged {@code method}), {@code bindery.actor.forwarded}
 * (counter), {@code bindery.actor.reminders.scheduled} (gauge), {@code bindery.actor.reminders.fired} (counter) and
 * {@code bindery.actor.reminder.lateness} (timer). In Prometheus: {@code bindery_actors_active},
 * {@code bindery_actor_turns_total}, {@code bindery_actor_turn_seconds}, … Each turn is also a dispatch, so it has its
 * function span and {@code bindery_function_*} metrics under {@code <type>.<method>}.
 */
@Singleton
public class ObservedActors implements ActorObserver {

    private final MeterRegistry registry;
    private final Map<String, PerType> types = new ConcurrentHashMap<>();
    private final Map<String, Counter> turns = new ConcurrentHashMap<>();
    private final Map<String, Timer> turnTimes = new ConcurrentHashMap<>();

    public ObservedActors(MeterRegistry registry, ActorCatalog catalog) {
        this.registry = registry;
        // the gauges of every type exist from the start, at 0
        catalog.actors().forEach(actor -> type(actor.getName()));
    }

    /** The meters of one type. */
    private record PerType(AtomicLong active, AtomicLong queued, AtomicLong reminders, Counter forwarded, Counter fired,
            Timer lateness) {
    }

    private PerType type(String type) {
        return types.computeIfAbsent(type, t -> {
            Tags tags = Tags.of("type", t);
            PerType meters = new PerType(new AtomicLong(), new AtomicLong(), new AtomicLong(),
                    Counter.builder("bindery.actor.forwarded").description("Actor calls sent to the member that owns "
                            + "the actor").tags(tags).register(registry),
                    Counter.builder("bindery.actor.reminders.fired").description("Reminder firings run on this member")
                            .tags(tags).register(registry),
                    Telemetry.histogram(registry, "bindery.actor.reminder.lateness", "How long after its due time a "
                            + "reminder fired", tags, Duration.ofMinutes(10)));
            Gauge.builder("bindery.actors.active", meters.active, AtomicLong::get)
                    .description("Actors active on this member").tags(tags).register(registry);
            Gauge.builder("bindery.actor.queue.depth", meters.queued, AtomicLong::get)
                    .description("Actor calls waiting for their turn on this member").tags(tags).register(registry);
            Gauge.builder("bindery.actor.reminders.scheduled", meters.reminders, AtomicLong::get)
                    .description("Reminders scheduled by this member").tags(tags).register(registry);
            return meters;
        });
    }

    @Override
    public void activated(String type) {
        type(type).active.incrementAndGet();
    }

    @Override
    public void deactivated(String type) {
        type(type).active.decrementAndGet();
    }

    @Override
    public void queue(String type, int delta) {
        type(type).queued.addAndGet(delta);
    }

    @Override
    public void turn(String type, String method, long nanos, boolean succeeded) {
        String outcome = succeeded ? "success" : "failure";
        turns.computeIfAbsent(type + "\n" + method + "\n" + outcome, key -> Counter.builder("bindery.actor.turns")
                .description("Actor turns run on this member, by outcome")
                .tags("type", type, "method", method, "outcome", outcome).register(registry)).increment();
        turnTimes.computeIfAbsent(type + "\n" + method, key -> Telemetry.histogram(registry, "bindery.actor.turn",
                "Actor turns, from the start of the method to the state saved", Tags.of("type", type, "method",
                        method),
                Duration.ofMinutes(1))).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void forwarded(String type) {
        type(type).forwarded.increment();
    }

    @Override
    public void reminderScheduled(String type, int delta) {
        type(type).reminders.addAndGet(delta);
    }

    @Override
    public void reminderFired(String type, Duration lateness) {
        PerType meters = type(type);
        meters.fired.increment();
        meters.lateness.record(lateness.isNegative() ? Duration.ZERO : lateness);
    }
}

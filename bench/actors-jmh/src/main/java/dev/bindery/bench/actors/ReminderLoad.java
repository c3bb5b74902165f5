package dev.bindery.bench.actors;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.bindery.actors.ActorContext;
import dev.bindery.actors.ReminderOptions;
import dev.bindery.actors.Schedule;
import dev.bindery.function.EventContext;
import dev.bindery.internal.actors.ActorAddress;
import dev.bindery.spi.actors.ActorObserver;

/**
 * How many active reminders one member keeps firing on time. For each count N: a fresh member on the embedded store
 * registers N reminders over N / {@code per-actor} actors (each actor's in one turn), with first due times spread at
 * random over {@code spread} starting {@code lead} after registration began, and a {@code period} (0: one-shot); then
 * waits until every reminder should have fired twice (once when one-shot) and reports the lateness of the firings:
 * when the runtime started each one (its {@link ActorObserver#reminderFired}, on the timer thread) and when its
 * callback began (in the turn), both against the due time. Each callback adds one to a state key of its actor.
 * <p>
 * Usage: {@code ReminderLoad [--reminders 10000,50000,100000] [--per-actor 10] [--period 60] [--spread 60]
 * [--lead 30] [--persistence on|off] [--profile on|off] [--scan 30]} (times in seconds; {@code scan} is the
 * runtime's scan interval, the host's {@code bindery.actors.scan-interval}). Before registering, a warm-up of 2,000
 * one-shot reminders due within 3 s runs the firing path once, outside the figures.
 */
public final class ReminderLoad {

    /** The actor of the harness: registers its share of reminders, and counts their firings. */
    public static class Reminded {

        static final String TYPE = "Reminded";

        /** The first due times of an actor's reminders (epoch ms) and their period (ms, 0 for one-shot). */
        public record Batch(long[] dues, long periodMillis) {
        }

        private final Recorded recorded;

        Reminded(Recorded recorded) {
            this.recorded = recorded;
        }

        public void schedule(Batch batch, ActorContext actor) {
            for (int i = 0; i < batch.dues().length; i++) {
                Schedule schedule = Schedule.at(Instant.ofEpochMilli(batch.dues()[i]));
                if (batch.periodMillis() > 0) {
                    schedule = schedule.every(Duration.ofMillis(batch.periodMillis()));
                }
                actor.reminders().register("r" + i, schedule, null, ReminderOptions.defaults().callback("remind"));
            }
        }

        public void remind(ActorContext actor, EventContext event) {
            long due = Long.parseLong(event.extension(ActorAddress.DUE).orElseThrow());
            recorded.callbacks.record(System.currentTimeMillis() - due);
            actor.state().set("fires", actor.state().get("fires", Integer.class).orElse(0) + 1);
        }
    }

    /** The lateness recorded so far: when the runtime started each firing, and when its callback began. */
    static final class Recorded {
        volatile Lateness fired = new Lateness();
        volatile Lateness callbacks = new Lateness();

        void reset() {
            fired = new Lateness();
            callbacks = new Lateness();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("reminders", "10000,50000,100000", "per-actor", "10",
                "period", "60", "spread", "60", "lead", "30", "persistence", "on", "profile", "on", "scan", "30"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("Unknown option " + args[i] + "; options: " + options.keySet());
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        System.out.println("options " + options);
        String header = "| reminders | actors | period | scan | registration (s) | registered by first due "
                + "| fired / due by the end | start lateness p50 / p99 / max (ms) | over 100 ms "
                + "| callback lateness p50 / p99 / max (ms) | heap after registration / at end (MiB) "
                + "| store keys at end | one key listing (ms) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";
        StringBuilder rows = new StringBuilder();
        for (String n : options.get("reminders").split(",")) {
            // each row is printed as soon as it is measured, before the member stops
            rows.append(run(Integer.parseInt(n.trim()), Integer.parseInt(options.get("per-actor")),
                    Long.parseLong(options.get("period")) * 1000, Long.parseLong(options.get("spread")) * 1000,
                    Long.parseLong(options.get("lead")) * 1000, options.get("persistence").equals("on"),
                    options.get("profile").equals("on"), Duration.ofSeconds(Long.parseLong(options.get("scan"))),
                    header)).append('\n');
        }
        System.out.println();
        System.out.println(header);
        System.out.print(rows);
        System.exit(0);
    }

    private static String run(int reminders, int perActor, long period, long spread, long lead, boolean persistence,
            boolean profile, Duration scan, String header) throws Exception {
        Recorded recorded = new Recorded();
        ActorObserver observer = new ActorObserver() {
            @Override
            public void reminderFired(String type, Duration lateness) {
                recorded.fired.record(lateness.toMillis());
            }
        };
        int actors = (reminders + perActor - 1) / perActor;
        System.out.printf("%n== %,d reminders on %,d actors, period %d s, first due over %d s from %d s on, "
                + "persistence %s, scan every %d s%n", reminders, actors, period / 1000, spread / 1000, lead / 1000,
                persistence ? "on" : "off", scan.toSeconds());
        try (ActorHost host = new ActorHost(persistence, Reminded.TYPE, Reminded.class, () -> new Reminded(recorded),
                null, observer, scan)) {
            warmUp(host, recorded);
            Lateness fired = recorded.fired;
            Lateness callbacks = recorded.callbacks;
            Random random = new Random(reminders);
            long started = System.currentTimeMillis();
            long base = started + lead;
            Semaphore inFlight = new Semaphore(64);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong registered = new AtomicLong();
            long end = base + spread + (period > 0 ? period : 0) + 5_000;
            long expected = 0;
            for (int a = 0; a < actors; a++) {
                int count = Math.min(perActor, reminders - a * perActor);
                long[] dues = new long[count];
                for (int i = 0; i < count; i++) {
                    dues[i] = base + (long) (random.nextDouble() * spread);
                    expected += period > 0 ? 1 + (end - dues[i]) / period : 1;
                }
                inFlight.acquire();
                host.client.callAsync(Reminded.TYPE, "a" + a, "schedule", new Reminded.Batch(dues, period), Void.class)
                        .whenComplete((v, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                registered.addAndGet(count);
                            }
                            inFlight.release();
                        });
            }
            inFlight.acquire(64);
            long registration = System.currentTimeMillis() - started;
            if (failure.get() != null) {
                throw new IllegalStateException("A registration failed", failure.get());
            }
            double heapAfterRegistration = heapMiB();
            System.out.printf("registered %,d in %.1f s (first due at %.1f s); %,d scheduled, %,d active actors, "
                    + "heap %.0f MiB%n", registered.get(), registration / 1000.0, lead / 1000.0,
                    host.runtime.scheduledReminders(), host.runtime.activeCount(), heapAfterRegistration);
            StackSampler sampler = new StackSampler(10);
            Thread sampling = new Thread(sampler, "stack-sampler");
            sampling.setDaemon(true);
            if (profile) {
                sampling.start();
            }
            while (System.currentTimeMillis() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, end - System.currentTimeMillis())));
                System.out.printf("t=%5.1f s: fired %,d of %,d, callbacks %,d, start lateness p99 %d ms, max %d ms "
                        + "(in these 10 s: %d ms), load %.1f%n", (System.currentTimeMillis() - started) / 1000.0,
                        fired.count(), expected, callbacks.count(), fired.percentile(0.99), fired.max(),
                        fired.takeRecentMax(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            sampler.stop();
            if (profile) {
                System.out.print(sampler.report(12));
            }
            double heapAtEnd = heapMiB();
            long listing = System.nanoTime();
            int keys = host.backend.keys(ActorHost.APP + "||", Integer.MAX_VALUE).size();
            double listingMillis = (System.nanoTime() - listing) / 1e6;
            String row = String.format("| %,d | %,d | %s | %d s | %.1f | %s | %,d / %,d | %d / %d / %d | %,d "
                    + "| %d / %d / %d | %.0f / %.0f | %,d | %.0f |", reminders, actors,
                    period > 0 ? period / 1000 + " s" : "one-shot", scan.toSeconds(),
                    registration / 1000.0, registration <= lead ? "yes" : "no", fired.count(), expected,
                    fired.percentile(0.5), fired.percentile(0.99), fired.max(), fired.over(100),
                    callbacks.percentile(0.5), callbacks.percentile(0.99), callbacks.max(), heapAfterRegistration,
                    heapAtEnd, keys, listingMillis);
            System.out.println(header);
            System.out.println(row);
            return row;
        }
    }

    /** Fires 2,000 one-shot reminders of 200 other actors, due within 3 s, so that the measured ones find the path warm. */
    private static void warmUp(ActorHost host, Recorded recorded) throws Exception {
        long now = System.currentTimeMillis();
        Random random = new Random(0);
        CompletableFuture<?>[] calls = new CompletableFuture<?>[200];
        for (int a = 0; a < calls.length; a++) {
            long[] dues = new long[10];
            for (int i = 0; i < dues.length; i++) {
                dues[i] = now + 1_000 + random.nextInt(2_000);
            }
            calls[a] = host.client.callAsync(Reminded.TYPE, "warm-up-" + a, "schedule", new Reminded.Batch(dues, 0),
                    Void.class).toCompletableFuture();
        }
        CompletableFuture.allOf(calls).join();
        long deadline = System.currentTimeMillis() + 30_000;
        while (recorded.callbacks.count() < 2_000 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        System.out.printf("warm-up: %,d of 2,000 fired, start lateness p99 %d ms, callback p99 %d ms%n",
                recorded.callbacks.count(), recorded.fired.percentile(0.99), recorded.callbacks.percentile(0.99));
        recorded.reset();
    }

    private static double heapMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
    }
}

package dev.bindery.bench.actors;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A poor man's profiler for the reminder harness: every few milliseconds, takes the stacks of the runtime's timer
 * thread and of the workers, and counts where each was: idle (waiting for work), or its top frame with the nearest
 * Bindery frames under it. Enough to tell a scan on the timer thread from a commit on the workers.
 */
final class StackSampler implements Runnable {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private final Map<String, Integer> samples = new HashMap<>();
    private final long intervalMillis;
    private volatile boolean stopped;

    StackSampler(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void run() {
        while (!stopped) {
            for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                String name = info.getThreadName();
                String group = name.startsWith("bench-worker-")
                        ? "workers"
                        : name.equals("bindery-actor-timers") ? "timer thread" : null;
                if (group != null) {
                    samples.merge(group, 1, Integer::sum);
                    counts.computeIfAbsent(group, g -> new HashMap<>()).merge(where(info), 1, Integer::sum);
                }
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() {
        stopped = true;
    }

    private static String where(ThreadInfo info) {
        StackTraceElement[] stack = info.getStackTrace();
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName() + "." + frame.getMethodName();
            if (name.startsWith("java.util.concurrent.ThreadPoolExecutor.getTask")
                    || name.startsWith("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue.take")) {
                return "idle (waiting for work)";
            }
            if (frame.getClassName().startsWith("dev.bindery") || frame.getClassName().startsWith("java.lang.Thread")) {
                break;
            }
        }
        StringJoiner where = new StringJoiner(" < ");
        if (stack.length > 0) {
            where.add(info.getThreadState() + " " + frame(stack[0]));
        }
        int bindery = 0;
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("dev.bindery") && bindery++ < 3) {
                where.add(frame(frame));
            }
        }
        return where.toString();
    }

    private static String frame(StackTraceElement frame) {
        String type = frame.getClassName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethodName();
    }

    /** @return the top places of each group, in percent of its samples */
    String report(int top) {
        StringBuilder out = new StringBuilder();
        counts.forEach((group, places) -> {
            int total = samples.get(group);
            out.append("  ").append(group).append(" (").append(total).append(" thread samples):\n");
            places.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                    .limit(top).forEach(e -> out.append(String.format("    %5.1f %%  %s%n", 100.0 * e.getValue()
                            / total, e.getKey())));
        });
        return out.toString();
    }
}

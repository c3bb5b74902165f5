package dev.bindery.bench.lambda;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.bindery.testing.FakeLambdaRuntimeApi;
import dev.bindery.testing.LambdaPackage;
import dev.bindery.testing.TestEvents;

/**
 * Lambda init and warm invocation latency of two packages, in turns, on this machine: each launch runs the package with
 * the official runtime interface client against a loopback Runtime API that already holds the first event, so
 * "init" is process start to the first response; then the warm invocations follow one after another.
 * <p>
 * Per target it prints the median init, the warm latency (p50, p99) of the second half of each launch's invocations
 * pooled, and the launched process's CPU time per warm invocation (a steadier measure on a shared machine: it counts
 * what the package does, not how long it waited for a core); against Funqy, the ratios of those, and the median of
 * the ratios of each launch to Funqy's launch of the same turn.
 * <p>
 * Usage: {@code LambdaBench <bindery function.zip> <funqy function.zip> <launches> <warm invocations>}
 */
public final class LambdaBench {

    private static final String BINDERY_HANDLER = "dev.bindery.lambda.BinderyStreamHandler::handleRequest";
    private static final String FUNQY_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";

    /** More JVM options for every launch (profiling: {@code -Dlambda.jvm-options=-Xlog:class+load}), space-separated. */
    private static final List<String> JVM_OPTIONS = System.getProperty("lambda.jvm-options", "").isBlank()
            ? List.of()
            : List.of(System.getProperty("lambda.jvm-options").trim().split(" +"));

    private record Target(String name, Path zip, String handler, byte[] event) {
    }

    /** @param cpuMicros the launched process's CPU time (user and system, every thread) per measured invocation */
    private record Run(double initMs, List<Double> warmMs, double cpuMicros) {
    }

    public static void main(String[] args) throws Exception {
        int launches = Integer.parseInt(args[2]);
        int warm = Integer.parseInt(args[3]);
        List<Target> targets = List.of(
                new Target("bindery (direct invocation)", Path.of(args[0]), BINDERY_HANDLER,
                        "{\"function\":\"greet\",\"data\":{\"name\":\"Ada\"}}".getBytes(StandardCharsets.UTF_8)),
                new Target("bindery (HTTP API, binary CloudEvent)", Path.of(args[0]), BINDERY_HANDLER,
                        TestEvents.bytes("aws/apigw-v2-binary.json")),
                new Target("funqy", Path.of(args[1]), FUNQY_HANDLER, "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8)));
        List<List<Run>> runs = new ArrayList<>();
        List<Path> tasks = new ArrayList<>();
        for (Target target : targets) {
            runs.add(new ArrayList<>());
            tasks.add(LambdaPackage.unzip(target.zip()));
        }
        for (int launch = 0; launch < launches; launch++) {
            for (int t = 0; t < targets.size(); t++) {
                runs.get(t).add(run(tasks.get(t), targets.get(t).handler(), targets.get(t).event(), warm));
            }
        }
        System.out.println("| | init: launch to first response, median (ms) | warm p50 (ms) | warm p99 (ms) | warm CPU per "
                + "invocation, median of launches (µs) |");
        System.out.println("|---|---|---|---|---|");
        double[] inits = new double[targets.size()];
        double[] p50s = new double[targets.size()];
        double[] cpus = new double[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            List<Double> init = new ArrayList<>();
            List<Double> all = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (Run run : runs.get(t)) {
                init.add(run.initMs());
                all.addAll(run.warmMs());
                cpu.add(run.cpuMicros());
            }
            inits[t] = percentile(init, 50);
            p50s[t] = percentile(all, 50);
            cpus[t] = percentile(cpu, 50);
            System.out.printf(Locale.ROOT, "| %s | %.0f (%s) | %.3f | %.3f | %.0f (%s) |%n", targets.get(t).name(),
                    inits[t], init.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList(), p50s[t],
                    percentile(all, 99), cpus[t], cpu.stream().map(v -> String.format(Locale.ROOT, "%.0f", v))
                            .toList());
        }
        int funqy = targets.size() - 1;
        for (int t = 0; t < funqy; t++) {
            // each launch against Funqy's launch of the same turn: the machine's slower spells touch both
            List<Double> paired = new ArrayList<>();
            for (int launch = 0; launch < launches; launch++) {
                paired.add(percentile(runs.get(t).get(launch).warmMs(), 50)
                        / percentile(runs.get(funqy).get(launch).warmMs(), 50));
            }
            System.out.printf(Locale.ROOT, "%s / funqy: init %.2f, warm p50 %.2f (per launch: median %.2f, %s), "
                    + "warm CPU %.2f%n", targets.get(t).name(), inits[t] / inits[funqy], p50s[t] / p50s[funqy],
                    percentile(paired, 50), paired.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(),
                    cpus[t] / cpus[funqy]);
        }
    }

    private static Run run(Path task, String handler, byte[] event, int warm) throws Exception {
        try (FakeLambdaRuntimeApi runtime = new FakeLambdaRuntimeApi()) {
            var first = runtime.invoke(event);
            Path log = Files.createTempFile("lambda-bench", ".log");
            long start = System.nanoTime();
            Process process = LambdaPackage.launch(task, LambdaPackage.runtimeClientOnClassPath(), handler,
                    runtime.address(), log, JVM_OPTIONS, Map.of());
            try {
                FakeLambdaRuntimeApi.Outcome outcome = first.get(120, java.util.concurrent.TimeUnit.SECONDS);
                double init = (System.nanoTime() - start) / 1e6;
                if (outcome.error()) {
                    throw new IllegalStateException("The first invocation failed: " + outcome.body() + "\n"
                            + Files.readString(log));
                }
                List<Double> latencies = new ArrayList<>();
                long cpuAtHalf = 0;
                for (int i = 0; i < warm; i++) {
                    if (i == warm / 2) {
                        cpuAtHalf = cpuNanos(process);
                    }
                    FakeLambdaRuntimeApi.Outcome next = runtime.invokeAndWait(event);
                    if (next.error()) {
                        throw new IllegalStateException("An invocation failed: " + next.body());
                    }
                    latencies.add(next.nanos() / 1e6);
                }
                // the first half warms the JIT; the second half is measured
                double cpu = (cpuNanos(process) - cpuAtHalf) / 1e3 / (warm - warm / 2);
                return new Run(init, latencies.subList(warm / 2, warm), cpu);
            } finally {
                process.destroyForcibly().waitFor();
                if (process.exitValue() == 0) {
                    Files.deleteIfExists(log);
                }
            }
        }
    }

    /** @return the process's CPU time so far (the kernel counts it in clock ticks, 10 ms here) */
    private static long cpuNanos(Process process) {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("This platform does "
                + "not report a process's CPU time")).toNanos();
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}

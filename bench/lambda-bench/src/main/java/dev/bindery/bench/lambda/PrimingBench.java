package dev.bindery.bench.lambda;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bindery.testing.FakeLambdaRuntimeApi;
import dev.bindery.testing.LambdaPackage;
import dev.bindery.testing.TestEvents;

/**
 * The first invocation after start-up with the SnapStart priming done and without, launches alternating: each launch
 * starts the package, waits until it has started and polls the Runtime API, then sends the events one after another,
 * each measured from queuing to response. With priming ({@code BINDERY_LAMBDA_PRIME_ON_START=true}) the package runs at
 * start-up what it runs before a snapshot, so its first invocation is what a restored SnapStart instance's would be,
 * short of the restore itself.
 * <p>
 * Usage: {@code PrimingBench <function.zip> <launches per mode>}
 */
public final class PrimingBench {

    private static final String HANDLER = "dev.bindery.lambda.BinderyStreamHandler::handleRequest";
    /** The events of each launch, in order: the first is "the first invocation". */
    private static final List<String> EVENTS = List.of("apigw-v2-binary.json", "sqs-checkstock.json",
            "apigw-v2-binary.json");

    public static void main(String[] args) throws Exception {
        Path task = LambdaPackage.unzip(Path.of(args[0]));
        int launches = Integer.parseInt(args[1]);
        Map<Boolean, List<double[]>> runs = Map.of(false, new ArrayList<>(), true, new ArrayList<>());
        for (int launch = 0; launch < launches; launch++) {
            for (boolean primed : List.of(false, true)) {
                runs.get(primed).add(run(task, primed));
            }
        }
        System.out.println("| | 1st: HTTP API (ms) | 2nd: SQS batch, other shape (ms) | 3rd: HTTP API again (ms) |");
        System.out.println("|---|---|---|---|");
        double[][] medians = new double[2][];
        for (boolean primed : List.of(false, true)) {
            double[] median = new double[EVENTS.size()];
            StringBuilder row = new StringBuilder("| " + (primed ? "primed at start-up" : "not primed") + " |");
            for (int i = 0; i < EVENTS.size(); i++) {
                List<Double> values = new ArrayList<>();
                for (double[] run : runs.get(primed)) {
                    values.add(run[i]);
                }
                Collections.sort(values);
                median[i] = values.get(values.size() / 2);
                row.append(String.format(Locale.ROOT, " %.1f (%.1f–%.1f) |", median[i], values.get(0), values.get(
                        values.size() - 1)));
            }
            medians[primed ? 1 : 0] = median;
            System.out.println(row);
        }
        System.out.printf(Locale.ROOT, "primed / not primed, medians: 1st %.2f, 2nd %.2f, 3rd %.2f%n",
                medians[1][0] / medians[0][0], medians[1][1] / medians[0][1], medians[1][2] / medians[0][2]);
        for (boolean primed : List.of(false, true)) {
            StringBuilder all = new StringBuilder(primed ? "primed, each launch:" : "not primed, each launch:");
            for (double[] run : runs.get(primed)) {
                all.append(String.format(Locale.ROOT, " %.1f/%.1f/%.1f", run[0], run[1], run[2]));
            }
            System.out.println(all);
        }
    }

    private static double[] run(Path task, boolean primed) throws Exception {
        try (FakeLambdaRuntimeApi runtime = new FakeLambdaRuntimeApi()) {
            Path log = Files.createTempFile("lambda-priming", ".log");
            Process process = LambdaPackage.launch(task, LambdaPackage.runtimeClientOnClassPath(), HANDLER, runtime
                    .address(), log, primed ? Map.of("BINDERY_LAMBDA_PRIME_ON_START", "true") : Map.of());
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!Files.readString(log).contains("started in")) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("The package did not start:\n" + Files.readString(log));
                    }
                    Thread.sleep(20);
                }
                // the runtime client asks for the next event right after start-up; leave it time to be waiting
                Thread.sleep(1000);
                if (primed != Files.readString(log).contains("Primed the Lambda invocation path")) {
                    throw new IllegalStateException("Priming " + (primed ? "did not run" : "ran") + ":\n" + Files
                            .readString(log));
                }
                double[] millis = new double[EVENTS.size()];
                for (int i = 0; i < EVENTS.size(); i++) {
                    FakeLambdaRuntimeApi.Outcome outcome = runtime.invokeAndWait(TestEvents.bytes("aws/" + EVENTS
                            .get(i)));
                    if (outcome.error()) {
                        throw new IllegalStateException("An invocation failed: " + outcome.body());
                    }
                    millis[i] = outcome.nanos() / 1e6;
                }
                return millis;
            } finally {
                process.destroyForcibly().waitFor();
                Files.deleteIfExists(log);
            }
        }
    }
}

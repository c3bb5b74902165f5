package dev.bindery.bench.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.stages.IdempotencyStage;
import dev.bindery.internal.stages.TelemetryStage;
import dev.bindery.runtime.internal.ObservedInvocations;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.support.HttpExchange;

/**
 * The added latency of Bindery's pipeline over calling the function directly. {@code pipeline}: a binary-mode HTTP
 * CloudEvent (headers and body, with a W3C {@code traceparent} as a Knative delivery has) is decoded, an HTTP server
 * span is opened as Quarkus' instrumentation does, the event is routed, its data bound, {@code greet} invoked on the
 * calling thread (it is {@code @NonBlocking}), the reply made and encoded to headers and body; with {@code telemetry=on}
 * the function's metrics go to a Prometheus registry and its span, with the server span, through a batch processor to an
 * exporter. {@code direct}: {@code greet} called with a ready argument. Requests arrive at {@code rate} per second
 * (0: back to back); SampleTime gives the percentiles.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class PipelineBenchmark {

    @Param({"1000"})
    int rate;

    @Param({"on"})
    String telemetry;

    private final Greetings greetings = new Greetings();
    private final Greetings.Greeting ada = new Greetings.Greeting();
    private FunctionDispatcher dispatcher;
    private HttpExchange exchange;
    private final HttpExchange.Request request = new HttpExchange.Request() {
        @Override
        public String method() {
            return "POST";
        }

        @Override
        public String path() {
            return "/";
        }

        @Override
        public String function() {
            return null;
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public boolean hasCloudEventHeaders() {
            return true;
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public MessageReader reader() {
            return HttpMessageFactory.createReader(headers, body);
        }
    };
    private SdkTracerProvider tracerProvider;
    private Tracer server;
    private ContextPropagators propagators;
    private Map<String, String> headers;
    private byte[] body;
    private long interval;
    private long next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ada.setName("Ada");
        tracerProvider = SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build()).build();
        propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
        OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
                .setPropagators(propagators).build();
        server = openTelemetry.getTracer("io.quarkus.opentelemetry");
        InvocationListener listener = telemetry.equals("on")
                ? new ObservedInvocations(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), openTelemetry)
                : InvocationListener.NONE;
        dispatcher = new FunctionDispatcher(List.of(FunctionDefinition.builder("greet",
                Greetings.class.getMethod("greet", Greetings.Greeting.class)).target(() -> greetings)
                .executionMode(ExecutionMode.EVENT_LOOP).build()), new ObjectMapper(), Map.of(),
                // the host's stages: telemetry, and idempotency as configured by default (off)
                List.of(new TelemetryStage(listener), new IdempotencyStage("bench", dispatch -> Optional.empty(),
                        Runnable::run)));
        exchange = new HttpExchange(dispatcher, new ObjectMapper(), DispatchRequest.HTTP);
        headers = Map.of("ce-specversion", "1.0", "ce-id", "bench-1", "ce-source", "/bench", "ce-type", "greet",
                "content-type", "application/json",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        body = "{\"name\":\"Ada\"}".getBytes(UTF_8);
        interval = rate == 0 ? 0 : 1_000_000_000L / rate;
        next = System.nanoTime();
    }

    /** Holds each request back until its arrival time, so requests come at {@code rate} per second. */
    @Setup(Level.Invocation)
    public void arrive() {
        if (interval == 0) {
            return;
        }
        next += interval;
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public void direct(Blackhole hole) {
        hole.consume(greetings.greet(ada));
    }

    @Benchmark
    public void pipeline(Blackhole hole) throws Exception {
        boolean traced = telemetry.equals("on");
        Span span = null;
        io.opentelemetry.context.Scope scope = null;
        if (traced) {
            Context caller = propagators.getTextMapPropagator().extract(Context.root(), headers, HEADERS);
            span = server.spanBuilder("POST /").setParent(caller).setSpanKind(SpanKind.SERVER).startSpan();
            scope = caller.with(span).makeCurrent();
        }
        try {
            // the HTTP contract as the ingress runs it: mode detection, reading, the trace context, dispatch, outcome
            HttpExchange.Answer answer = exchange.handle(request).toCompletableFuture().get();
            Map<String, String> out = new HashMap<>();
            byte[][] sent = new byte[1][];
            HttpMessageFactory.createWriter(out::put, bytes -> sent[0] = bytes).writeBinary(answer.event());
            hole.consume(out);
            hole.consume(sent[0]);
        } finally {
            if (traced) {
                scope.close();
                span.end();
            }
        }
    }

    private static final TextMapGetter<Map<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

}

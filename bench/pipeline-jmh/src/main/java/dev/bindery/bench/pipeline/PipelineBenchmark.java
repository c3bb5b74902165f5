package dev.bindery.bench.pipeline;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import io.opentelemetry.api.trace.SpanContext;
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

import dev.bindery.internal.admin.RecentEvents;
import dev.bindery.internal.admin.RecentEventsStage;
import dev.bindery.internal.invoke.ExecutionMode;
import dev.bindery.internal.invoke.FunctionDefinition;
import dev.bindery.internal.invoke.FunctionDispatcher;
import dev.bindery.internal.security.AccessPolicy;
import dev.bindery.internal.security.ApiTokens;
import dev.bindery.internal.security.SecurityStage;
import dev.bindery.internal.stages.IdempotencyStage;
import dev.bindery.internal.stages.TelemetryStage;
import dev.bindery.runtime.internal.JwtAuthenticator;
import dev.bindery.runtime.internal.ObservedInvocations;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.dispatch.DispatchRequest;
import dev.bindery.spi.dispatch.InvocationListener;
import dev.bindery.spi.dispatch.Stage;
import dev.bindery.spi.support.HttpExchange;

/**
 * The added latency of Bindery's pipeline over calling the function directly. {@code pipeline}: a binary-mode HTTP
 * CloudEvent (headers and body, with a W3C {@code traceparent} as a Knative delivery has) is decoded, an HTTP server
 * span is opened as Quarkus' instrumentation does, the event is routed, its data bound, {@code greet} invoked on the
 * calling thread (it is {@code @NonBlocking}), the reply made and encoded to headers and body; with {@code telemetry=on}
 * the function's metrics go to a Prometheus registry and its span, with the server span, through a batch processor to an
 * exporter. {@code direct}: {@code greet} called with a ready argument. Requests arrive at {@code rate} per second
 * (0: back to back); SampleTime gives the percentiles.
 * <p>
 * The dispatcher runs the host's security stage, as {@code auth} sets it: {@code off}, security disabled (the stage
 * only strips identity extensions: the host's default); {@code token}, enabled with three named API tokens and
 * {@code default-action=deny}, the request carrying {@code bindery-api-token} with one of them, which a policy allows
 * to call {@code greet}; {@code jwt}, the same host, the request carrying {@code Authorization: Bearer} with an RS256
 * JWT (2048-bit key) that the API tokens do not recognise and the runtime's {@link JwtAuthenticator} verifies against
 * a JWKS it fetched (once, at set-up) from an identity provider on loopback; its subject is allowed by a policy.
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

    @Param({"off", "token", "jwt"})
    String auth;

    /** {@code on}: the recent-events stage of the host admin endpoints records every event (on in dev and test mode). */
    @Param({"off"})
    String recent;

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
    private IdentityProvider identityProvider;
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
                // the host's stages: telemetry, security as `auth` sets it, and idempotency as by default (off)
                stages(listener));
        exchange = new HttpExchange(dispatcher, new ObjectMapper(), DispatchRequest.HTTP);
        body = "{\"name\":\"Ada\"}".getBytes(UTF_8);
        headers = Map.of("ce-specversion", "1.0", "ce-id", "bench-1", "ce-source", "/bench", "ce-type", "greet",
                "content-type", "application/json",
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        if (!auth.equals("off")) {
            expectStatus(401); // the stage is in the path: no credential, no greeting
        }
        headers = new HashMap<>(headers);
        switch (auth) {
            case "token" -> headers.put(Credentials.API_TOKEN, BENCH_TOKEN);
            case "jwt" -> headers.put(Credentials.AUTHORIZATION, "Bearer "
                    + identityProvider.token("bench-client", Set.of("bench")));
            default -> {
            }
        }
        headers = Map.copyOf(headers);
        expectStatus(200);
        interval = rate == 0 ? 0 : 1_000_000_000L / rate;
        next = System.nanoTime();
    }

    private static final String BENCH_TOKEN = "bench-0f6c1c8e9b3a4d27a5e1";

    /**
     * @return the security stage as the host makes it ({@code HostSecurity}: API tokens first, then JWTs), with
     *         {@code default-action=deny} and a policy allowing the bench caller to call {@code greet}
     */
    /** The host's stages: telemetry, recent events as `recent` sets it, security as `auth` sets it, idempotency off. */
    private List<Stage> stages(InvocationListener listener) throws Exception {
        List<Stage> stages = new ArrayList<>(List.of(new TelemetryStage(listener), security(),
                new IdempotencyStage("bench", dispatch -> Optional.empty(), Runnable::run)));
        if (recent.equals("on")) {
            stages.add(new RecentEventsStage(new RecentEvents(200), false, new ObjectMapper(), () -> {
                SpanContext span = Span.current().getSpanContext();
                return span.isValid() ? span.getTraceId() : null;
            }));
        }
        return stages;
    }

    private SecurityStage security() throws Exception {
        SecurityStage.Denials denials = (outcome, request, caller, why) -> {
        };
        if (auth.equals("off")) {
            return new SecurityStage(false, List.of(), new AccessPolicy(true, Map.of()), denials);
        }
        ApiTokens tokens = new ApiTokens(Clock.systemUTC());
        tokens.replace(List.of(new ApiTokens.Token("deploy", "deploy-7d41b2c95e0a4f68b3c1", null),
                new ApiTokens.Token("bench", BENCH_TOKEN, Instant.now().plusSeconds(86_400)),
                new ApiTokens.Token("ops", "ops-2a9e5f03c7d64b18e4f2", null)));
        identityProvider = new IdentityProvider();
        JwtAuthenticator jwt = new JwtAuthenticator(identityProvider.config());
        AccessPolicy.Policy greet = new AccessPolicy.Policy(List.of(new AccessPolicy.Rule("greet", true)), List.of(),
                Set.of());
        AccessPolicy policy = new AccessPolicy(false, Map.of("bench", greet, "bench-client", greet, "ops",
                new AccessPolicy.Policy(List.of(new AccessPolicy.Rule("*", true)), List.of(), Set.of("http"))));
        return new SecurityStage(true, List.of(tokens, jwt), policy, denials);
    }

    private void expectStatus(int status) throws Exception {
        int answered = exchange.handle(request).toCompletableFuture().get().status();
        if (answered != status) {
            throw new IllegalStateException("auth=" + auth + ": expected " + status + ", answered " + answered);
        }
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
        if (identityProvider != null) {
            // the key stayed cached: one fetch for the whole trial
            System.out.println("JWKS fetches in this trial: " + identityProvider.fetches());
            identityProvider.close();
        }
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

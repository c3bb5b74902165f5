package dev.bindery.runtime.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.LaunchMode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import dev.bindery.invocation.InvocationException;
import dev.bindery.invocation.InvocationFailedException;
import dev.bindery.invocation.InvocationNotFoundException;
import dev.bindery.invocation.InvocationRejectedException;
import dev.bindery.invocation.InvocationTimeoutException;
import dev.bindery.invocation.InvocationUnavailableException;
import dev.bindery.invocation.InvokeOptions;
import dev.bindery.invocation.Invoker;
import dev.bindery.runtime.BinderyConfig;
import dev.bindery.spi.dispatch.Credentials;
import dev.bindery.spi.invocation.CallerCredentials;
import dev.bindery.spi.support.EventIds;
import dev.bindery.spi.support.MediaTypes;

/**
 * Service invocation over HTTP: each call is a binary-mode CloudEvent POSTed to {@code <the app's URL>/<function>}
 * with the Vert.x HTTP client (keep-alive connections), under the target's resiliency policies. Each attempt has a
 * timeout (the call's, else the target's timeout policy, else {@code bindery.invocation.timeout}), a CLIENT span whose
 * context goes with it ({@code traceparent} as an HTTP header and as the CloudEvents extension), the caller's app id
 * ({@code bindery-caller-app-id}) and the headers of the {@link CallerCredentials} beans. A reply body larger than
 * {@code bindery.http.max-body-size} is refused, never buffered whole.
 * <p>
 * Metrics: {@code bindery.invocation.duration} (timer with a percentile histogram, tagged {@code app} and
 * {@code outcome}: {@code success}, {@code rejected}, {@code not_found}, {@code failed}, {@code unavailable},
 * {@code timeout}); its count is the calls by outcome.
 */
@Singleton
public class HttpInvoker implements Invoker {

    /** The header naming the calling application. */
    public static final String CALLER_APP_ID = "bindery-caller-app-id";

    private static final Logger LOG = Logger.getLogger(HttpInvoker.class);
    private static final TypeLiteral<CompletionStage<Optional<CloudEvent>>> REPLY = new TypeLiteral<>() {
    };

    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final BinderyConfig config;
    private final ResiliencyPolicies policies;
    private final AppEndpoints endpoints;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private final List<CallerCredentials> credentials;
    private final HttpClient client;
    private final long maxBody;
    private final URI source;
    private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    HttpInvoker(Vertx vertx, ObjectMapper mapper, BinderyConfig config, ResiliencyPolicies policies,
            MeterRegistry registry, Telemetry telemetry, @Any Instance<CallerCredentials> credentials) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.config = config;
        this.policies = policies;
        this.endpoints = new AppEndpoints(config, System.getenv(), HttpInvoker::ownPort);
        this.registry = registry;
        this.tracer = telemetry.tracer();
        this.credentials = credentials.stream().toList();
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(10_000)
                .setName("bindery-invoker"), new PoolOptions().setHttp1MaxSize(64));
        this.maxBody = config.http().maxBodySize().asLongValue();
        this.source = URI.create(config.appId());
    }

    /** The port this process listens on: what the app's own id resolves to when nothing else is configured. */
    static int ownPort() {
        boolean test = LaunchMode.current() == LaunchMode.TEST;
        String property = test ? "quarkus.http.test-port" : "quarkus.http.port";
        String value = System.getProperty(property);
        if (value != null) {
            return Integer.parseInt(value);
        }
        return ConfigProvider.getConfig().getOptionalValue(property, Integer.class).orElse(test ? 8081 : 8080);
    }

    @Override
    public <T> T invoke(String appId, String function, Object data, Class<T> replyType) {
        return invoke(appId, function, data, replyType, InvokeOptions.DEFAULT);
    }

    @Override
    public <T> T invoke(String appId, String function, Object data, Class<T> replyType, InvokeOptions options) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("Invoker.invoke blocks, and this is an event-loop thread: call "
                    + "invokeAsync (or invokeUni), or run the function on a worker thread");
        }
        try {
            return invokeAsync(appId, function, data, replyType, options).toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvocationException(appId, function, -1, "interrupted while waiting for the reply", null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new InvocationException(appId, function, -1, String.valueOf(e.getCause()), null, e.getCause());
        }
    }

    @Override
    public <T> CompletionStage<T> invokeAsync(String appId, String function, Object data, Class<T> replyType) {
        return invokeAsync(appId, function, data, replyType, InvokeOptions.DEFAULT);
    }

    @Override
    public <T> CompletionStage<T> invokeAsync(String appId, String function, Object data, Class<T> replyType,
            InvokeOptions options) {
        CloudEventBuilder event = CloudEventBuilder.v1().withId(EventIds.next()).withSource(source)
                .withType(options.type().orElse(function));
        if (data instanceof byte[] bytes) {
            event.withDataContentType(MediaTypes.OCTET_STREAM).withData(bytes);
        } else if (data != null) {
            try {
                event.withDataContentType(MediaTypes.JSON).withData(mapper.writeValueAsBytes(data));
            } catch (IOException e) {
                throw new IllegalArgumentException("The data of a call to '" + function + "' of app '" + appId + "' ("
                        + data.getClass().getName() + ") cannot be serialized as JSON: " + e.getMessage(), e);
            }
        }
        // completed with the InvocationException itself, not wrapped in a CompletionException
        CompletableFuture<T> result = new CompletableFuture<>();
        call(appId, function, event.build(), options).whenComplete((reply, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
                return;
            }
            try {
                result.complete(data(appId, function, reply, replyType));
            } catch (InvocationException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public CompletionStage<Optional<CloudEvent>> invokeEvent(String appId, String function, CloudEvent event,
            InvokeOptions options) {
        return call(appId, function, event, options);
    }

    private <T> T data(String appId, String function, Optional<CloudEvent> reply, Class<T> type) {
        if (reply.isEmpty() || type == Void.class || type == void.class || reply.get().getData() == null) {
            return null;
        }
        byte[] bytes = reply.get().getData().toBytes();
        if (type == byte[].class) {
            return type.cast(bytes);
        }
        try {
            return mapper.readValue(bytes, type);
        } catch (IOException e) {
            throw new InvocationException(appId, function, 200, "the reply's data does not bind to " + type.getName()
                    + ": " + e.getMessage(), null, e);
        }
    }

    private CompletionStage<Optional<CloudEvent>> call(String appId, String function, CloudEvent event,
            InvokeOptions options) {
        ResiliencyPolicies.Policies target = policies.app(appId);
        Duration timeout = options.timeout().or(target::timeout).orElse(config.invocation().timeout());
        Context parent = Context.current();
        long started = System.nanoTime();
        Supplier<CompletionStage<Optional<CloudEvent>>> attempt = () -> attempt(appId, function, event, timeout,
                parent);
        CompletionStage<Optional<CloudEvent>> result;
        if (target.guard() == null) {
            result = attempt.get();
        } else {
            try {
                result = target.guard().get(attempt, REPLY);
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<Optional<CloudEvent>> done = new CompletableFuture<>();
        result.whenComplete((reply, failure) -> {
            Throwable cause = unwrap(failure);
            if (cause instanceof CircuitBreakerOpenException) {
                cause = new InvocationUnavailableException(appId, function, -1, target.cutOff(cause).orElseThrow(),
                        null, cause, true);
            } else if (cause != null && !(cause instanceof InvocationException)) {
                cause = new InvocationUnavailableException(appId, function, -1, String.valueOf(cause), null, cause);
            }
            timer(appId, outcome(cause)).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (cause == null) {
                done.complete(reply);
            } else {
                done.completeExceptionally(cause);
            }
        });
        return done;
    }

    /** One attempt: resolve a URL, then send. */
    private CompletionStage<Optional<CloudEvent>> attempt(String appId, String function, CloudEvent event,
            Duration timeout, Context parent) {
        URI base;
        try {
            base = endpoints.next(appId);
        } catch (IllegalArgumentException unknown) {
            return CompletableFuture.failedFuture(new InvocationUnavailableException(appId, function, -1,
                    unknown.getMessage(), null, null));
        }
        return send("invoke " + appId + " " + function, appId, function, base, address(base, function), event, timeout,
                parent, () -> endpoints.failed(appId, base), null);
    }

    /**
     * Sends an actor call to the member of this application that owns the actor: the event POSTed in binary mode to
     * the member's CloudEvents ingress with the trace context; no resiliency policy (the actor client retries a call
     * whose owner could not be reached).
     *
     * @param ingress the ingress's absolute URL on that member
     * @param caller the credential the call came with: a token is passed on as it came, so that the owner
     *        authenticates and authorizes the caller itself; for anything else the call goes with this application's
     *        credentials
     * @return completes with the reply, or exceptionally with the {@link InvocationException} the answer means
     */
    CompletionStage<Optional<CloudEvent>> forward(URI ingress, String function, CloudEvent event, Duration timeout,
            Credentials caller) {
        Map<String, String> passedOn = null;
        if (caller instanceof Credentials.Token token) {
            passedOn = Map.of(CALLER_APP_ID, config.appId(), token.carrier(),
                    Credentials.AUTHORIZATION.equals(token.carrier()) ? "Bearer " + token.token() : token.token());
        }
        return send("forward " + function, config.appId(), function, ingress, ingress.toString(), event, timeout,
                Context.current(), () -> {
                }, passedOn);
    }

    /** @return the client and its connection pool, shared with the actors' HTTP API when it proxies to an owner */
    HttpClient client() {
        return client;
    }

    /** @return the headers that present this application to another member of it: its id and its credentials */
    Map<String, String> ownCredentials(String function) {
        Map<String, String> headers = new HashMap<>();
        headers.put(CALLER_APP_ID, config.appId());
        for (CallerCredentials credential : credentials) {
            headers.putAll(credential.headers(config.appId(), function));
        }
        return headers;
    }

    /** One attempt to one URL: send the event, read the answer within the timeout. */
    private CompletionStage<Optional<CloudEvent>> send(String spanName, String appId, String function, URI base,
            String url, CloudEvent event, Duration timeout, Context parent, Runnable connectFailed,
            Map<String, String> credentialHeaders) {
        Span span = tracer.spanBuilder(spanName).setParent(parent)
                .setSpanKind(SpanKind.CLIENT).setAttribute("bindery.app_id", appId)
                .setAttribute("bindery.function", function).setAttribute("url.full", AppEndpoints.shown(base)).startSpan();
        Map<String, String> trace = new HashMap<>(4);
        TraceContexts.inject(parent.with(span), trace);
        CloudEvent sent = event;
        if (!trace.isEmpty()) {
            CloudEventBuilder traced = CloudEventBuilder.from(event);
            trace.forEach(traced::withExtension);
            sent = traced.build();
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url);
        byte[][] body = {new byte[0]};
        HttpMessageFactory.createWriter(request::putHeader, bytes -> body[0] = bytes == null ? new byte[0] : bytes)
                .writeBinary(sent);
        trace.forEach(request::putHeader);
        if (credentialHeaders != null) {
            credentialHeaders.forEach(request::putHeader);
        } else {
            request.putHeader(CALLER_APP_ID, config.appId());
            for (CallerCredentials credential : credentials) {
                credential.headers(appId, function).forEach(request::putHeader);
            }
        }

        CompletableFuture<Optional<CloudEvent>> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sending = new AtomicReference<>();
        AtomicBoolean connected = new AtomicBoolean();
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (result.completeExceptionally(new InvocationTimeoutException(appId, function, -1, "no answer within "
                    + timeout.toMillis() + " ms (" + AppEndpoints.shown(base) + ")", null, null))) {
                HttpClientRequest pending = sending.get();
                if (pending != null) {
                    pending.reset();
                }
            }
        });
        client.request(request).compose(req -> {
            connected.set(true);
            sending.set(req);
            return req.send(Buffer.buffer(body[0]));
        }).onSuccess(response -> read(response, appId, function, base, result))
                .onFailure(failure -> {
                    if (!connected.get()) {
                        connectFailed.run();
                    }
                    result.completeExceptionally(new InvocationUnavailableException(appId, function, -1,
                            (connected.get() ? "the connection to " : "cannot connect to ") + AppEndpoints.shown(base) + ": "
                                    + failure,
                            null, failure));
                });
        return result.whenComplete((reply, failure) -> {
            vertx.cancelTimer(timer);
            if (failure instanceof InvocationException invocation) {
                if (invocation.status() > 0) {
                    span.setAttribute("http.response.status_code", invocation.status());
                }
                span.setStatus(StatusCode.ERROR, invocation.getClass().getSimpleName());
            } else if (failure == null) {
                span.setAttribute("http.response.status_code", reply.isPresent() ? 200 : 202);
            }
            span.end();
        });
    }

    /** Reads the answer, at most {@code max-body-size}, and completes the attempt with what it means. */
    private void read(HttpClientResponse response, String appId, String function, URI base,
            CompletableFuture<Optional<CloudEvent>> result) {
        String length = response.getHeader("content-length");
        if (length != null && parseLong(length) > maxBody) {
            result.completeExceptionally(new InvocationFailedException(appId, function, response.statusCode(),
                    "the answer of " + length + " bytes exceeds bindery.http.max-body-size (" + maxBody + ")", null,
                    null));
            response.request().reset();
            return;
        }
        if (length != null) {
            // the usual case: the size is known and within the limit
            response.body().onSuccess(body -> complete(result, response, body.getBytes(), appId, function))
                    .onFailure(failure -> result.completeExceptionally(new InvocationUnavailableException(appId,
                            function, response.statusCode(),
                            "the answer from " + AppEndpoints.shown(base) + " broke off: " + failure,
                            null, failure)));
            return;
        }
        Buffer body = Buffer.buffer();
        try {
            response.handler(chunk -> {
                if (body.length() + chunk.length() > maxBody) {
                    result.completeExceptionally(new InvocationFailedException(appId, function, response.statusCode(),
                            "the answer exceeds bindery.http.max-body-size (" + maxBody + " bytes)", null, null));
                    response.request().reset();
                } else {
                    body.appendBuffer(chunk);
                }
            });
        } catch (IllegalStateException ended) {
            // the answer ended before its handlers could be set: it had no body
            complete(result, response, new byte[0], appId, function);
            return;
        }
        response.exceptionHandler(failure -> result.completeExceptionally(new InvocationUnavailableException(appId,
                function, response.statusCode(), "the answer from " + AppEndpoints.shown(base) + " broke off: " + failure, null,
                failure)));
        response.endHandler(ended -> complete(result, response, body.getBytes(), appId, function));
    }

    private void complete(CompletableFuture<Optional<CloudEvent>> result, HttpClientResponse response, byte[] body,
            String appId, String function) {
        try {
            result.complete(answer(response, body, appId, function));
        } catch (InvocationException e) {
            result.completeExceptionally(e);
        }
    }

    private Optional<CloudEvent> answer(HttpClientResponse response, byte[] body, String appId, String function) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (body.length == 0 && response.getHeader("ce-id") == null) {
                return Optional.empty();
            }
            Map<String, String> headers = new HashMap<>();
            response.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
            try {
                return Optional.of(HttpMessageFactory.createReader(headers, body).toEvent());
            } catch (RuntimeException notAnEvent) {
                // a plain HTTP endpoint answered with data that is not an event: the data is the reply
                return Optional.of(CloudEventBuilder.v1().withId(EventIds.next()).withSource(URI.create(appId))
                        .withType(function + ".output")
                        .withDataContentType(headers.getOrDefault("content-type", MediaTypes.JSON)).withData(body)
                        .build());
            }
        }
        String reason = "answered " + status + detail(response, body);
        Duration retryAfter = retryAfter(response.getHeader("retry-after"));
        if (status == 404) {
            throw new InvocationNotFoundException(appId, function, status, reason, null, null);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            throw new InvocationUnavailableException(appId, function, status, reason, retryAfter, null);
        }
        if (status >= 500 || status == 408) {
            throw new InvocationFailedException(appId, function, status, reason, retryAfter, null);
        }
        throw new InvocationRejectedException(appId, function, status, reason, null, null);
    }

    /** @return the problem's detail (or title), when the answer is a problem */
    private String detail(HttpClientResponse response, byte[] body) {
        String type = response.getHeader("content-type");
        if (type != null && type.startsWith("application/problem+json") && body.length > 0) {
            try {
                JsonNode problem = mapper.readTree(body);
                String detail = problem.path("detail").asText(problem.path("title").asText(""));
                return detail.isEmpty() ? "" : ": " + detail;
            } catch (IOException notJson) {
                return "";
            }
        }
        return "";
    }

    /** @return the {@code Retry-After} wait (seconds or an HTTP date), or null */
    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(header.trim(),
                        DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException neither) {
                LOG.debugf("Ignoring a Retry-After that is neither seconds nor a date: %s", header);
                return null;
            }
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String address(URI base, String function) {
        String url = base.toString();
        return (url.endsWith("/") ? url : url + "/") + URLEncoder.encode(function, StandardCharsets.UTF_8);
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "success";
        }
        if (failure instanceof InvocationRejectedException) {
            return "rejected";
        }
        if (failure instanceof InvocationNotFoundException) {
            return "not_found";
        }
        if (failure instanceof InvocationTimeoutException) {
            return "timeout";
        }
        if (failure instanceof InvocationUnavailableException) {
            return "unavailable";
        }
        return "failed";
    }

    private Timer timer(String appId, String outcome) {
        return timers.computeIfAbsent(appId + "\n" + outcome, key -> Telemetry.histogram(registry,
                "bindery.invocation.duration", "Service invocations, by outcome", Tags.of("app", appId, "outcome",
                        outcome),
                Duration.ofMinutes(1)));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
